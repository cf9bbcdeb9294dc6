package io.bienvenue.cli;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.SmtpSettings;
import io.bienvenue.mail.TlsMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options only production mode reads: where users reach the service, the mail server, email
 * verification and the session cookie's name. Part of {@link ServiceOptions}; defaults come from
 * {@link OptionDefaults}.
 */
final class ProductionOptions {

  private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(10);

  @Option(
      names = "--session-cookie-name",
      description =
          "Production: the session cookie's name, __Host-session_id (Secure, Path=/, no Domain:"
              + " a sibling subdomain cannot plant one) or session_id, for the original's clients"
              + " that read it; with --cookie-domain, __Host-session_id becomes"
              + " __Secure-session_id. Development always uses session_id."
              + " Env: BIENVENUE_SESSION_COOKIE_NAME. Default: ${DEFAULT-VALUE}.")
  String sessionCookieName;

  @Option(
      names = "--public-url",
      description =
          "Production: the address users reach the service at, for links in mails"
              + " (https://auth.example.org). Env: BIENVENUE_PUBLIC_URL.")
  String publicUrl;

  @Option(
      names = "--require-verified-email",
      description =
          "Production: registration mails a verification link, and a login is refused until it"
              + " is used. Env: BIENVENUE_REQUIRE_VERIFIED_EMAIL=true.")
  boolean requireVerifiedEmail;

  @Option(
      names = "--verification-token-lifetime",
      converter = DurationConverter.class,
      description =
          "Production: a verification link stops working this long after it was mailed."
              + " Env: BIENVENUE_VERIFICATION_TOKEN_LIFETIME. Default: ${DEFAULT-VALUE}.")
  Duration verificationTokenLifetime;

  @Option(
      names = "--smtp-host",
      description = "Production: the SMTP server that sends reset mails. Env: BIENVENUE_SMTP_HOST.")
  String smtpHost;

  @Option(
      names = "--smtp-port",
      description = "Env: BIENVENUE_SMTP_PORT. Default: ${DEFAULT-VALUE}.")
  int smtpPort;

  @Option(
      names = "--smtp-tls",
      converter = TlsModeConverter.class,
      description =
          "starttls (required, port 587), smtps (port 465), or none (a local relay"
              + " only). Env: BIENVENUE_SMTP_TLS. Default: ${DEFAULT-VALUE}.")
  TlsMode smtpTls;

  @Option(
      names = "--smtp-username",
      description = "Env: BIENVENUE_SMTP_USERNAME. Default: none (no login).")
  String smtpUsername;

  @Option(
      names = "--smtp-password",
      description =
          "Prefer the environment variable: a command line is visible to every user of"
              + " the machine. Env: BIENVENUE_SMTP_PASSWORD.")
  String smtpPassword;

  @Option(
      names = "--mail-from",
      description =
          "Production: the sender of mails, an address or 'Name <address>'."
              + " Env: BIENVENUE_MAIL_FROM.")
  String mailFrom;

  /**
   * The production settings these options describe, with {@code passwordMinLength}.
   *
   * @throws IllegalArgumentException naming a setting production needs and lacks, or one out of
   *     range
   */
  ProductionSettings settings(int passwordMinLength) {
    SmtpSettings smtp =
        new SmtpSettings(
            required(smtpHost, "--smtp-host", "BIENVENUE_SMTP_HOST"),
            smtpPort,
            Optional.ofNullable(smtpUsername).filter(u -> !u.isBlank()),
            Optional.ofNullable(smtpPassword).filter(p -> !p.isBlank()),
            required(mailFrom, "--mail-from", "BIENVENUE_MAIL_FROM"),
            smtpTls,
            MAIL_TIMEOUT,
            MAIL_TIMEOUT);
    URI url;
    try {
      url = new URI(required(publicUrl, "--public-url", "BIENVENUE_PUBLIC_URL"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--public-url '" + publicUrl + "' is not a URL");
    }
    return new ProductionSettings(
        url,
        smtp,
        passwordMinLength,
        new EmailVerification(requireVerifiedEmail, verificationTokenLifetime),
        sessionCookieName);
  }

  private static String required(String value, String flag, String variable) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "--production needs " + flag + " (or " + variable + "): it is not set");
    }
    return value;
  }
}
