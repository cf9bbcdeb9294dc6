package io.bienvenue.config;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.http.BasePath;
import io.bienvenue.http.HttpSettings;
import io.bienvenue.http.edge.WebOrigin;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.webhooks.WebhookSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a running service is configured with, checked once. Immutable.
 *
 * @param host the address to listen on; in development, a loopback address only
 * @param port the port to listen on; 0 picks a free one
 * @param admin where the admin listener (metrics, health) listens
 * @param database an SQLite file path or a {@code jdbc:sqlite:} URL
 * @param bcryptCost the bcrypt cost of new password hashes, 4 to 31; in production at least {@link
 *     BcryptHashes#MIN_PRODUCTION_COST}
 * @param maxBcryptCost the highest cost of a stored hash that a login verifies, from {@code
 *     bcryptCost} to 31; a hash above it answers as a wrong password
 * @param lifetimes how long sessions and reset tokens live
 * @param throttle how many failed logins are tolerated
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed
 * @param production present in production mode, with what that mode needs
 * @param ui whether the web pages under {@code /ui/} are served
 * @param edge the host names requests may name, the limits on slow or many connections, the other
 *     origins trusted (return_to, CORS, the cookie domain), and the base path given
 * @param secretsKey where the key that seals secrets at rest comes from; without one, production
 *     refuses to start and development generates a key file beside the database
 * @param shutdownDelay how long, once asked to stop, the service keeps serving while it reports not
 *     ready, so that a load balancer stops sending before the listener closes; zero or more
 * @param webhooks how webhooks are delivered: the timeouts, the retries, and the hosts production
 *     delivers to over plain http
 */
public record Config(
    String host,
    int port,
    AdminListener admin,
    String database,
    int bcryptCost,
    int maxBcryptCost,
    Lifetimes lifetimes,
    ThrottlePolicy throttle,
    List<String> trustedProxies,
    Optional<ProductionSettings> production,
    boolean ui,
    EdgeSettings edge,
    KeySource secretsKey,
    Duration shutdownDelay,
    WebhookSettings webhooks) {

  /** The longest {@link #shutdownDelay}: past it, an orchestrator kills the process anyway. */
  public static final Duration MAX_SHUTDOWN_DELAY = Duration.ofMinutes(5);

  /** The defaults of {@code ./bienvenue serve}: development mode. */
  public static final Config DEFAULTS =
      new Config(
          "127.0.0.1",
          5000,
          AdminListener.DEFAULTS,
          "bienvenue.db",
          BcryptHashes.DEFAULT_COST,
          BcryptHashes.DEFAULT_MAX_COST,
          Lifetimes.DEFAULTS,
          ThrottlePolicy.DEFAULTS,
          List.of(),
          Optional.empty(),
          true,
          EdgeSettings.DEFAULTS,
          KeySource.NONE,
          Duration.ZERO,
          WebhookSettings.DEFAULTS);

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the first value out of range
   */
  public Config {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(production, "production");
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(secretsKey, "secretsKey");
    Objects.requireNonNull(shutdownDelay, "shutdownDelay");
    if (shutdownDelay.isNegative() || shutdownDelay.compareTo(MAX_SHUTDOWN_DELAY) > 0) {
      throw new IllegalArgumentException(
          "--shutdown-delay must be from 0s to "
              + Durations.format(MAX_SHUTDOWN_DELAY)
              + ", not "
              + Durations.format(shutdownDelay));
    }
    Objects.requireNonNull(webhooks, "webhooks");
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, not " + port);
    }
    BcryptHashes.requireCost(bcryptCost, "--bcrypt-cost");
    BcryptHashes.requireCap(maxBcryptCost, bcryptCost, "--max-bcrypt-cost", "--bcrypt-cost");
    if (production.isPresent() && bcryptCost < BcryptHashes.MIN_PRODUCTION_COST) {
      throw new IllegalArgumentException(
          "--production needs --bcrypt-cost "
              + BcryptHashes.MIN_PRODUCTION_COST
              + " or more (OWASP's minimum for bcrypt), not "
              + bcryptCost);
    }
    production.ifPresent(p -> requireWithinCookieDomain(WebOrigin.of(p.publicUrl()), edge));
    requireOneBasePath(edge.basePath(), production.map(ProductionSettings::publicUrl));
    if (production.isEmpty() && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "--host "
              + host
              + " is reachable from other machines, but development mode hands out reset tokens"
              + " over plain HTTP: listen on 127.0.0.1, or run with --production behind a TLS"
              + " proxy");
    }
  }

  /** Tells whether this is production mode. */
  public boolean isProduction() {
    return production.isPresent();
  }

  /**
   * The session cookie's name: {@code session_id} in development, as the original; in production
   * what {@link ProductionSettings#sessionCookie} says, except that a cookie shared across {@code
   * --cookie-domain} is {@link HttpSettings#SECURE_COOKIE} where it would be {@link
   * ProductionSettings#HOST_COOKIE}: the {@code __Host-} prefix forbids a {@code Domain}.
   */
  public String sessionCookie() {
    String name =
        production
            .map(ProductionSettings::sessionCookie)
            .orElse(ProductionSettings.ORIGINAL_COOKIE);
    return name.equals(ProductionSettings.HOST_COOKIE) && edge.cookieDomain().isPresent()
        ? HttpSettings.SECURE_COOKIE
        : name;
  }

  /** A browser keeps a cookie whose {@code Domain} covers the host that set it, and no other. */
  private static void requireWithinCookieDomain(WebOrigin publicOrigin, EdgeSettings edge) {
    edge.cookieDomain()
        .filter(domain -> !publicOrigin.isWithin(domain))
        .ifPresent(
            domain -> {
              throw new IllegalArgumentException(
                  "--cookie-domain "
                      + domain
                      + " does not cover the --public-url host "
                      + publicOrigin.host()
                      + ": a browser would refuse the cookie");
            });
  }

  /**
   * The path prefix the service answers under: {@code --base-path} if given, else in production the
   * path of {@code --public-url}, else none.
   */
  public BasePath basePath() {
    return edge.basePath()
        .or(() -> production.map(p -> BasePath.ofPublicUrl(p.publicUrl())))
        .orElse(BasePath.NONE);
  }

  /**
   * Checks that the public URL's path is a base path and that, when {@code --base-path} is given
   * too, the two agree: the links in mails must lead where the service answers.
   */
  private static void requireOneBasePath(Optional<BasePath> given, Optional<URI> publicUrl) {
    if (publicUrl.isEmpty()) {
      return;
    }
    BasePath ofUrl = BasePath.ofPublicUrl(publicUrl.get());
    if (given.isPresent() && !given.get().equals(ofUrl)) {
      throw new IllegalArgumentException(
          "--base-path "
              + given.get()
              + " and the path of --public-url "
              + publicUrl.get()
              + " ("
              + ofUrl
              + ") disagree: give the same path to both, or leave out --base-path");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
