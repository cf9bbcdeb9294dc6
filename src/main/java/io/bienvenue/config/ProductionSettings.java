package io.bienvenue.config;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.http.HttpSettings;
import io.bienvenue.mail.SmtpSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What production mode needs beyond development: where users reach the service, how to send them
 * mail, how long new passwords must be, and whether users must verify their email.
 *
 * @param publicUrl the service's public address, for the links in mails: https, or http on a
 *     loopback host only ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]})
 * @param smtp the mail server
 * @param passwordMinLength the least characters a new password has, at least 8
 * @param verification whether a login needs a verified email, and how long a link works
 * @param sessionCookie the session cookie's name: {@link #HOST_COOKIE} unless the original's
 *     clients need {@link #ORIGINAL_COOKIE}
 */
public record ProductionSettings(
    URI publicUrl,
    SmtpSettings smtp,
    int passwordMinLength,
    EmailVerification verification,
    String sessionCookie) {

  /**
   * The production session cookie: the {@code __Host-} prefix makes a browser keep it only if it is
   * {@code Secure}, has {@code Path=/} and no {@code Domain}, so a sibling subdomain cannot plant
   * one (RFC 6265bis §4.1.3.2).
   */
  public static final String HOST_COOKIE = HttpSettings.HOST_COOKIE;

  /** The original's session cookie, which its clients read: development's, and an option. */
  public static final String ORIGINAL_COOKIE = HttpSettings.ORIGINAL_COOKIE;

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException if the URL is not absolute https (or http on a loopback host),
   *     or the length below 8
   */
  public ProductionSettings {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(sessionCookie, "sessionCookie");
    if (!sessionCookie.equals(HOST_COOKIE) && !sessionCookie.equals(ORIGINAL_COOKIE)) {
      throw new IllegalArgumentException(
          "--session-cookie-name must be "
              + HOST_COOKIE
              + " or "
              + ORIGINAL_COOKIE
              + ", not '"
              + sessionCookie
              + "'");
    }
    String scheme = publicUrl.getScheme();
    if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
        || publicUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--public-url must be an absolute http(s) URL, not '" + publicUrl + "'");
    }
    if (!"https".equalsIgnoreCase(scheme) && !isLoopback(publicUrl.getHost())) {
      throw new IllegalArgumentException(
          "--public-url must be https in production (the links in mails carry reset and"
              + " verification tokens), not '"
              + publicUrl
              + "'; plain http is allowed for localhost only");
    }
    if (passwordMinLength < 8) {
      throw new IllegalArgumentException(
          "--password-min-length must be at least 8 (NIST SP 800-63B), not " + passwordMinLength);
    }
  }

  /**
   * Tells whether {@code host}, as a URL holds it, names this machine: {@code localhost}, an
   * address of {@code 127.0.0.0/8}, or {@code [::1]}. No name is looked up.
   */
  private static boolean isLoopback(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost")
        || name.equals("[::1]")
        || IPV4_LOOPBACK.matcher(name).matches();
  }

  /** Settings that do not require verified emails, with the {@link #HOST_COOKIE}. */
  public ProductionSettings(URI publicUrl, SmtpSettings smtp, int passwordMinLength) {
    this(publicUrl, smtp, passwordMinLength, EmailVerification.OFF, HOST_COOKIE);
  }
}
