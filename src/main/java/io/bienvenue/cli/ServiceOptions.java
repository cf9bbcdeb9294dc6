package io.bienvenue.cli;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.http.BasePath;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.webhooks.WebhookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that configure a running service, shared by {@code serve} and {@code check}: each has
 * an environment variable, and an option on the command line wins over it. Their defaults, and the
 * variables, are {@link OptionDefaults}'s; those of production mode are {@link ProductionOptions}.
 */
final class ServiceOptions {

  @Option(
      names = "--host",
      description = "Address to listen on. Env: BIENVENUE_HOST. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--port",
      description =
          "Port to listen on; 0 picks a free one. Env: BIENVENUE_PORT."
              + " Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--admin-host",
      description =
          "Address of the admin listener (/metrics, /health/live, /health/ready)."
              + " Env: BIENVENUE_ADMIN_HOST. Default: ${DEFAULT-VALUE}.")
  String adminHost;

  @Option(
      names = "--admin-port",
      description =
          "Port of the admin listener; 0 picks a free one. Env: BIENVENUE_ADMIN_PORT."
              + " Default: ${DEFAULT-VALUE}.")
  int adminPort;

  @Mixin DatabaseOption database;

  @Mixin PasswordOptions passwords;

  @Mixin BcryptCapOption cap;

  @Option(
      names = "--session-idle-timeout",
      converter = DurationConverter.class,
      description =
          "A session unused this long ends (like 30m, 2h, 45s)."
              + " Env: BIENVENUE_SESSION_IDLE_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  Duration sessionIdleTimeout;

  @Option(
      names = "--session-lifetime",
      converter = DurationConverter.class,
      description =
          "A session ends this long after login, however active."
              + " Env: BIENVENUE_SESSION_LIFETIME. Default: ${DEFAULT-VALUE}.")
  Duration sessionLifetime;

  @Option(
      names = "--shutdown-delay",
      converter = DurationConverter.class,
      description =
          "Once asked to stop (SIGTERM), keep serving this long while /health/ready says not"
              + " ready, so that a load balancer or Kubernetes stops sending before the listener"
              + " closes; then the requests in flight are finished. 0s to 5m."
              + " Env: BIENVENUE_SHUTDOWN_DELAY. Default: ${DEFAULT-VALUE}.")
  Duration shutdownDelay;

  @Option(
      names = "--reset-token-lifetime",
      converter = DurationConverter.class,
      description =
          "A reset token stops working this long after it was issued."
              + " Env: BIENVENUE_RESET_TOKEN_LIFETIME. Default: ${DEFAULT-VALUE}.")
  Duration resetTokenLifetime;

  @Option(
      names = "--login-max-failures",
      description =
          "Failed logins for one account from one client address before that address"
              + " must wait for the window to end. Env: BIENVENUE_LOGIN_MAX_FAILURES."
              + " Default: ${DEFAULT-VALUE}.")
  int loginMaxFailures;

  @Option(
      names = "--login-max-failures-per-address",
      description =
          "Failed logins from one client address, over every account."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAddress;

  @Option(
      names = "--login-max-failures-per-account",
      description =
          "Failed logins for one account, from every address (at most 100)."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAccount;

  @Option(
      names = "--login-failure-window",
      converter = DurationConverter.class,
      description =
          "How long failed logins are counted after the first one."
              + " Env: BIENVENUE_LOGIN_FAILURE_WINDOW. Default: ${DEFAULT-VALUE}.")
  Duration loginFailureWindow;

  @Option(
      names = "--trusted-proxy",
      split = ",",
      description =
          "A proxy (address or CIDR block; repeat or separate with commas) whose"
              + " X-Forwarded-For header names the client. Env: BIENVENUE_TRUSTED_PROXIES."
              + " Default: none.")
  List<String> trustedProxies;

  @Option(
      names = "--allowed-host",
      split = ",",
      description =
          "A host name (repeat or separate with commas) that requests may carry in Host besides"
              + " the public URL's, such as the name a proxy forwards; development also accepts"
              + " localhost, 127.0.0.1 and [::1]. Any other is a 421."
              + " Env: BIENVENUE_ALLOWED_HOSTS. Default: none.")
  List<String> allowedHosts;

  @Option(
      names = "--webhook-allow-http-host",
      split = ",",
      description =
          "A host (repeat or separate with commas) that production delivers webhooks to over"
              + " plain http, such as a receiver on the same private network; every other"
              + " endpoint must be https in production. Development delivers to any."
              + " Env: BIENVENUE_WEBHOOK_ALLOW_HTTP_HOSTS. Default: none.")
  List<String> webhookAllowHttpHosts;

  @Option(
      names = "--return-to-origin",
      split = ",",
      description =
          "An origin (scheme://host[:port]; repeat or separate with commas) that the web pages"
              + " may send a person back to after logging in, signing up, resetting a password or"
              + " logging out (their return_to); the service's own origin is always allowed, and"
              + " any other address leads to the profile page."
              + " Env: BIENVENUE_RETURN_TO_ORIGINS. Default: none.")
  List<String> returnToOrigins;

  @Option(
      names = "--cookie-domain",
      description =
          "A domain (example.com) the session cookie is shared across, so that a session made at"
              + " auth.example.com is seen at app.example.com; state-changing requests from"
              + " origins within it are then accepted (https ones only, in production). In"
              + " production the cookie is then __Secure-session_id: __Host- forbids a Domain."
              + " Env: BIENVENUE_COOKIE_DOMAIN. Default: none (this host alone).")
  String cookieDomain;

  @Option(
      names = "--cors-origin",
      split = ",",
      description =
          "An origin (scheme://host[:port]; repeat or separate with commas) whose browser apps"
              + " may call the JSON API with credentials (CORS); each is matched exactly, and '*'"
              + " is refused. Other origins get no CORS headers."
              + " Env: BIENVENUE_CORS_ORIGINS. Default: none.")
  List<String> corsOrigins;

  @Option(
      names = "--min-request-rate",
      description =
          "The slowest a request body may arrive, in bytes a second averaged from the end of its"
              + " headers, once 5 seconds have passed; a slower one is cut off with a 408. 0 turns it"
              + " off."
              + " Env: BIENVENUE_MIN_REQUEST_RATE. Default: ${DEFAULT-VALUE}.")
  int minRequestRate;

  @Option(
      names = "--max-connections-per-address",
      description =
          "The most connections one client address holds open at once (trusted proxies are not"
              + " limited); the next ones are closed at once. 0 turns it off."
              + " Env: BIENVENUE_MAX_CONNECTIONS_PER_ADDRESS. Default: ${DEFAULT-VALUE}.")
  int maxConnectionsPerAddress;

  @Option(
      names = "--base-path",
      description =
          "The path prefix a proxy mounts the service under, passing request paths on unchanged"
              + " (like /auth): every route, page and link is then under it, and anything else is a"
              + " 404. In production it defaults to the path of --public-url, and must agree with"
              + " it. Env: BIENVENUE_BASE_PATH. Default: none.")
  String basePath;

  @Option(
      names = "--ui",
      negatable = true,
      fallbackValue = "true",
      description =
          "Serve the web pages under /ui/ (sign up, log in, profile, password reset; the reset"
              + " mail links to them). --no-ui serves the JSON API only."
              + " Env: BIENVENUE_UI=false. Default: on.")
  boolean ui;

  @Option(
      names = "--secrets-key-file",
      description =
          "A file of keys that seal the secrets kept in the database (the TOTP secrets, the"
              + " OpenID Connect signing keys), its"
              + " owner's alone (chmod 600): base64url of 32 random bytes a line; the first seals,"
              + " every line opens. Or put the key itself in the variable BIENVENUE_SECRETS_KEY."
              + " Production needs one of the two; development without either generates"
              + " <database>.key beside an SQLite file (bienvenue-secrets.key in the working"
              + " folder for PostgreSQL). Env: BIENVENUE_SECRETS_KEY_FILE. Default: none.")
  Path secretsKeyFile;

  @Mixin ProductionOptions inProduction;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * The configuration these options describe.
   *
   * @throws IllegalArgumentException naming the first option out of range, or a setting production
   *     needs and lacks
   */
  Config toConfig() {
    if (inProduction.requireVerifiedEmail && !passwords.production) {
      throw new IllegalArgumentException(
          "--require-verified-email needs --production: only production mode sends the"
              + " verification mail");
    }
    return new Config(
        host,
        port,
        new AdminListener(adminHost, adminPort),
        database.location,
        passwords.bcryptCost,
        cap.maxCost,
        new Lifetimes(sessionIdleTimeout, sessionLifetime, resetTokenLifetime),
        new ThrottlePolicy(
            loginMaxFailures,
            loginMaxFailuresPerAddress,
            loginMaxFailuresPerAccount,
            loginFailureWindow),
        trustedProxies.stream().filter(p -> !p.isBlank()).toList(),
        passwords.production
            ? Optional.of(inProduction.settings(passwords.passwordMinLength))
            : Optional.empty(),
        ui,
        new EdgeSettings(
            nonBlank(allowedHosts),
            minRequestRate,
            maxConnectionsPerAddress,
            nonBlank(returnToOrigins),
            Optional.ofNullable(cookieDomain).map(String::trim).filter(d -> !d.isEmpty()),
            nonBlank(corsOrigins),
            basePath.isEmpty()
                ? Optional.empty()
                : Optional.of(BasePath.parse(basePath, "--base-path"))),
        secretsKey(),
        shutdownDelay,
        WebhookSettings.DEFAULTS.withAllowedHttpHosts(Set.copyOf(nonBlank(webhookAllowHttpHosts))));
  }

  /** The key file, or the key itself from its variable: never both. */
  private KeySource secretsKey() {
    Optional<String> key =
        command.defaultValueProvider() instanceof OptionDefaults defaults
            ? defaults.variable(OptionDefaults.SECRETS_KEY)
            : Optional.empty();
    Optional<Path> file = Optional.ofNullable(secretsKeyFile).filter(f -> !f.toString().isBlank());
    return new KeySource(file, key);
  }

  /** The values of a repeatable option, trimmed, without the empty ones a trailing comma makes. */
  private static List<String> nonBlank(List<String> values) {
    return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
