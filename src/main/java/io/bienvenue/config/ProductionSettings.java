package io.bienvenue.config;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.mail.SmtpSettings;
import java.net.URI;
import java.util.Objects;

/**
 * What production mode needs beyond development: where users reach the service, how to send them
 * mail, how long new passwords must be, and whether users must verify their email.
 *
 * @param publicUrl the service's public address, for the links in mails (https in practice)
 * @param smtp the mail server
 * @param passwordMinLength the least characters a new password has, at least 8
 * @param verification whether a login needs a verified email, and how long a link works
 */
public record ProductionSettings(
    URI publicUrl, SmtpSettings smtp, int passwordMinLength, EmailVerification verification) {

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException if the URL is not absolute http(s), or the length below 8
   */
  public ProductionSettings {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(verification, "verification");
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

  /** Settings that do not require verified emails. */
  public ProductionSettings(URI publicUrl, SmtpSettings smtp, int passwordMinLength) {
    this(publicUrl, smtp, passwordMinLength, EmailVerification.OFF);
  }

  /** Returns these settings with {@code newVerification}. */
  public ProductionSettings withVerification(EmailVerification newVerification) {
    return new ProductionSettings(publicUrl, smtp, passwordMinLength, newVerification);
  }
}
