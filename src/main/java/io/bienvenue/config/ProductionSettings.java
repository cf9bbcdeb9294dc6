package io.bienvenue.config;

import io.bienvenue.mail.SmtpSettings;
import java.net.URI;
import java.util.Objects;

/**
 * What production mode needs beyond development: where users reach the service, how to send them
 * mail, and how long new passwords must be.
 *
 * @param publicUrl the service's public address, for the links in mails (https in practice)
 * @param smtp the mail server
 * @param passwordMinLength the least characters a new password has, at least 8
 */
public record ProductionSettings(URI publicUrl, SmtpSettings smtp, int passwordMinLength) {

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException if the URL is not absolute http(s), or the length below 8
   */
  public ProductionSettings {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(smtp, "smtp");
    String scheme = publicUrl.getScheme();
    if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
        || publicUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--public-url must be an absolute http(s) URL, not '" + publicUrl + "'");
    }
    if (passwordMinLength < 8) {
      throw new IllegalArgumentException(
          "--password-min-length must be at least 8 (NIST SP 800-63B), not " + passwordMinLength);
    }
  }
}
