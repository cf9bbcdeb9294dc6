package io.bienvenue.cli;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.SmtpSettings;
import io.bienvenue.mail.TlsMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that configure a running service, shared by {@code serve} and {@code check}: each has
 * an environment variable, and an option on the command line wins over it.
 */
final class ServiceOptions {

  private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(10);

  @Option(
      names = "--host",
      defaultValue = "${env:BIENVENUE_HOST:-127.0.0.1}",
      description = "Address to listen on. Env: BIENVENUE_HOST. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:BIENVENUE_PORT:-5000}",
      description =
          "Port to listen on; 0 picks a free one. Env: BIENVENUE_PORT."
              + " Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--admin-host",
      defaultValue = "${env:BIENVENUE_ADMIN_HOST:-127.0.0.1}",
      description =
          "Address of the admin listener (/metrics, /health/live, /health/ready)."
              + " Env: BIENVENUE_ADMIN_HOST. Default: ${DEFAULT-VALUE}.")
  String adminHost;

  @Option(
      names = "--admin-port",
      defaultValue = "${env:BIENVENUE_ADMIN_PORT:-5001}",
      description =
          "Port of the admin listener; 0 picks a free one. Env: BIENVENUE_ADMIN_PORT."
              + " Default: ${DEFAULT-VALUE}.")
  int adminPort;

  @Mixin DatabaseOption database;

  @Option(
      names = "--bcrypt-cost",
      defaultValue = "${env:BIENVENUE_BCRYPT_COST:-12}",
      description =
          "bcrypt cost (log2 rounds, 4-31) of new password hashes."
              + " Env: BIENVENUE_BCRYPT_COST. Default: ${DEFAULT-VALUE}.")
  int bcryptCost;

  @Option(
      names = "--max-bcrypt-cost",
      defaultValue = "${env:BIENVENUE_MAX_BCRYPT_COST:-14}",
      description =
          "The highest bcrypt cost of a stored hash a login verifies (from --bcrypt-cost to 31);"
              + " a login for a hash above it is answered as a wrong password, after the usual"
              + " work. Env: BIENVENUE_MAX_BCRYPT_COST. Default: ${DEFAULT-VALUE}.")
  int maxBcryptCost;

  @Option(
      names = "--session-idle-timeout",
      defaultValue = "${env:BIENVENUE_SESSION_IDLE_TIMEOUT:-30m}",
      converter = DurationConverter.class,
      description =
          "A session unused this long ends (like 30m, 2h, 45s)."
              + " Env: BIENVENUE_SESSION_IDLE_TIMEOUT. Default: 30m.")
  Duration sessionIdleTimeout;

  @Option(
      names = "--session-lifetime",
      defaultValue = "${env:BIENVENUE_SESSION_LIFETIME:-12h}",
      converter = DurationConverter.class,
      description =
          "A session ends this long after login, however active."
              + " Env: BIENVENUE_SESSION_LIFETIME. Default: 12h.")
  Duration sessionLifetime;

  @Option(
      names = "--reset-token-lifetime",
      defaultValue = "${env:BIENVENUE_RESET_TOKEN_LIFETIME:-15m}",
      converter = DurationConverter.class,
      description =
          "A reset token stops working this long after it was issued."
              + " Env: BIENVENUE_RESET_TOKEN_LIFETIME. Default: 15m.")
  Duration resetTokenLifetime;

  @Option(
      names = "--login-max-failures",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES:-10}",
      description =
          "Failed logins for one account from one client address before that address"
              + " must wait for the window to end. Env: BIENVENUE_LOGIN_MAX_FAILURES."
              + " Default: ${DEFAULT-VALUE}.")
  int loginMaxFailures;

  @Option(
      names = "--login-max-failures-per-address",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS:-100}",
      description =
          "Failed logins from one client address, over every account."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAddress;

  @Option(
      names = "--login-max-failures-per-account",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT:-100}",
      description =
          "Failed logins for one account, from every address (at most 100)."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAccount;

  @Option(
      names = "--login-failure-window",
      defaultValue = "${env:BIENVENUE_LOGIN_FAILURE_WINDOW:-15m}",
      converter = DurationConverter.class,
      description =
          "How long failed logins are counted after the first one."
              + " Env: BIENVENUE_LOGIN_FAILURE_WINDOW. Default: 15m.")
  Duration loginFailureWindow;

  @Option(
      names = "--trusted-proxy",
      split = ",",
      defaultValue = "${env:BIENVENUE_TRUSTED_PROXIES:-}",
      description =
          "A proxy (address or CIDR block; repeat or separate with commas) whose"
              + " X-Forwarded-For header names the client. Env: BIENVENUE_TRUSTED_PROXIES."
              + " Default: none.")
  List<String> trustedProxies;

  @Option(
      names = "--allowed-host",
      split = ",",
      defaultValue = "${env:BIENVENUE_ALLOWED_HOSTS:-}",
      description =
          "A host name (repeat or separate with commas) that requests may carry in Host besides"
              + " the public URL's, such as the name a proxy forwards; development also accepts"
              + " localhost, 127.0.0.1 and [::1]. Any other is a 421."
              + " Env: BIENVENUE_ALLOWED_HOSTS. Default: none.")
  List<String> allowedHosts;

  @Option(
      names = "--min-request-rate",
      defaultValue = "${env:BIENVENUE_MIN_REQUEST_RATE:-240}",
      description =
          "The slowest a request body may arrive, in bytes a second averaged from the end of its"
              + " headers, once 5 seconds have passed; a slower one is cut off with a 408. 0 turns it"
              + " off."
              + " Env: BIENVENUE_MIN_REQUEST_RATE. Default: ${DEFAULT-VALUE}.")
  int minRequestRate;

  @Option(
      names = "--max-connections-per-address",
      defaultValue = "${env:BIENVENUE_MAX_CONNECTIONS_PER_ADDRESS:-32}",
      description =
          "The most connections one client address holds open at once (trusted proxies are not"
              + " limited); the next ones are closed at once. 0 turns it off."
              + " Env: BIENVENUE_MAX_CONNECTIONS_PER_ADDRESS. Default: ${DEFAULT-VALUE}.")
  int maxConnectionsPerAddress;

  @Option(
      names = "--production",
      defaultValue = "${env:BIENVENUE_PRODUCTION:-false}",
      description =
          "Production mode: the password policy, reset tokens by e-mail only, Secure"
              + " cookies; it expects a TLS proxy in front and refuses to start without working mail."
              + " Env: BIENVENUE_PRODUCTION=true.")
  boolean production;

  @Option(
      names = "--ui",
      negatable = true,
      defaultValue = "${env:BIENVENUE_UI:-true}",
      fallbackValue = "true",
      description =
          "Serve the web pages under /ui/ (sign up, log in, profile, password reset; the reset"
              + " mail links to them). --no-ui serves the JSON API only."
              + " Env: BIENVENUE_UI=false. Default: on.")
  boolean ui;

  @Option(
      names = "--session-cookie-name",
      defaultValue = "${env:BIENVENUE_SESSION_COOKIE_NAME:-__Host-session_id}",
      description =
          "Production: the session cookie's name, __Host-session_id (Secure, Path=/, no Domain:"
              + " a sibling subdomain cannot plant one) or session_id, for the original's clients"
              + " that read it. Development always uses session_id."
              + " Env: BIENVENUE_SESSION_COOKIE_NAME. Default: ${DEFAULT-VALUE}.")
  String sessionCookieName;

  @Option(
      names = "--public-url",
      defaultValue = "${env:BIENVENUE_PUBLIC_URL}",
      description =
          "Production: the address users reach the service at, for links in mails"
              + " (https://auth.example.org). Env: BIENVENUE_PUBLIC_URL.")
  String publicUrl;

  @Option(
      names = "--password-min-length",
      defaultValue = "${env:BIENVENUE_PASSWORD_MIN_LENGTH:-15}",
      description =
          "Production: the fewest characters a new password has, at least 8."
              + " Env: BIENVENUE_PASSWORD_MIN_LENGTH. Default: ${DEFAULT-VALUE}.")
  int passwordMinLength;

  @Option(
      names = "--require-verified-email",
      defaultValue = "${env:BIENVENUE_REQUIRE_VERIFIED_EMAIL:-false}",
      description =
          "Production: registration mails a verification link, and a login is refused until it"
              + " is used. Env: BIENVENUE_REQUIRE_VERIFIED_EMAIL=true.")
  boolean requireVerifiedEmail;

  @Option(
      names = "--verification-token-lifetime",
      defaultValue = "${env:BIENVENUE_VERIFICATION_TOKEN_LIFETIME:-24h}",
      converter = DurationConverter.class,
      description =
          "Production: a verification link stops working this long after it was mailed."
              + " Env: BIENVENUE_VERIFICATION_TOKEN_LIFETIME. Default: 24h.")
  Duration verificationTokenLifetime;

  @Option(
      names = "--smtp-host",
      defaultValue = "${env:BIENVENUE_SMTP_HOST}",
      description = "Production: the SMTP server that sends reset mails. Env: BIENVENUE_SMTP_HOST.")
  String smtpHost;

  @Option(
      names = "--smtp-port",
      defaultValue = "${env:BIENVENUE_SMTP_PORT:-587}",
      description = "Env: BIENVENUE_SMTP_PORT. Default: ${DEFAULT-VALUE}.")
  int smtpPort;

  @Option(
      names = "--smtp-tls",
      defaultValue = "${env:BIENVENUE_SMTP_TLS:-starttls}",
      converter = TlsModeConverter.class,
      description =
          "starttls (required, port 587), smtps (port 465), or none (a local relay"
              + " only). Env: BIENVENUE_SMTP_TLS. Default: starttls.")
  TlsMode smtpTls;

  @Option(
      names = "--smtp-username",
      defaultValue = "${env:BIENVENUE_SMTP_USERNAME}",
      description = "Env: BIENVENUE_SMTP_USERNAME. Default: none (no login).")
  String smtpUsername;

  @Option(
      names = "--smtp-password",
      defaultValue = "${env:BIENVENUE_SMTP_PASSWORD}",
      description =
          "Prefer the environment variable: a command line is visible to every user of"
              + " the machine. Env: BIENVENUE_SMTP_PASSWORD.")
  String smtpPassword;

  @Option(
      names = "--mail-from",
      defaultValue = "${env:BIENVENUE_MAIL_FROM}",
      description =
          "Production: the sender of mails, an address or 'Name <address>'."
              + " Env: BIENVENUE_MAIL_FROM.")
  String mailFrom;

  /**
   * The configuration these options describe.
   *
   * @throws IllegalArgumentException naming the first option out of range, or a setting production
   *     needs and lacks
   */
  Config toConfig() {
    if (requireVerifiedEmail && !production) {
      throw new IllegalArgumentException(
          "--require-verified-email needs --production: only production mode sends the"
              + " verification mail");
    }
    return new Config(
        host,
        port,
        new AdminListener(adminHost, adminPort),
        database.location,
        bcryptCost,
        maxBcryptCost,
        new Lifetimes(sessionIdleTimeout, sessionLifetime, resetTokenLifetime),
        new ThrottlePolicy(
            loginMaxFailures,
            loginMaxFailuresPerAddress,
            loginMaxFailuresPerAccount,
            loginFailureWindow),
        trustedProxies.stream().filter(p -> !p.isBlank()).toList(),
        production ? Optional.of(productionSettings()) : Optional.empty(),
        ui,
        new EdgeSettings(
            allowedHosts.stream().filter(h -> !h.isBlank()).map(String::trim).toList(),
            minRequestRate,
            maxConnectionsPerAddress));
  }

  private ProductionSettings productionSettings() {
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
