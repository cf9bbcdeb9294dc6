package io.bienvenue.testing;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.http.BasePath;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.webhooks.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A test's {@link Config}: the components of another one, some of them changed, checked by {@code
 * Config}'s own constructor in {@link #build}. Not thread-safe; one per configuration.
 */
public final class ConfigBuilder {

  private String host;
  private int port;
  private AdminListener admin;
  private String database;
  private int bcryptCost;
  private int maxBcryptCost;
  private Lifetimes lifetimes;
  private ThrottlePolicy throttle;
  private List<String> trustedProxies;
  private Optional<ProductionSettings> production;
  private boolean ui;
  private List<String> allowedHosts;
  private int minRequestBytesPerSecond;
  private int maxConnectionsPerAddress;
  private List<String> returnToOrigins;
  private Optional<String> cookieDomain;
  private List<String> corsOrigins;
  private Optional<BasePath> basePath;
  private KeySource secretsKey;
  private Duration shutdownDelay;
  private WebhookSettings webhooks;

  private ConfigBuilder(Config config) {
    host = config.host();
    port = config.port();
    admin = config.admin();
    database = config.database();
    bcryptCost = config.bcryptCost();
    maxBcryptCost = config.maxBcryptCost();
    lifetimes = config.lifetimes();
    throttle = config.throttle();
    trustedProxies = config.trustedProxies();
    production = config.production();
    ui = config.ui();
    EdgeSettings edge = config.edge();
    allowedHosts = edge.allowedHosts();
    minRequestBytesPerSecond = edge.minRequestBytesPerSecond();
    maxConnectionsPerAddress = edge.maxConnectionsPerAddress();
    returnToOrigins = edge.returnToOrigins();
    cookieDomain = edge.cookieDomain();
    corsOrigins = edge.corsOrigins();
    basePath = edge.basePath();
    secretsKey = config.secretsKey();
    shutdownDelay = config.shutdownDelay();
    webhooks = config.webhooks();
  }

  /** Starts from the components of {@code config}. */
  public static ConfigBuilder from(Config config) {
    return new ConfigBuilder(config);
  }

  /**
   * Starts from development's defaults on a free port, on {@code database}, hashing at {@link
   * TestServices#FAST_COST}, with the secrets key {@link TestSecrets#KEY}.
   */
  public static ConfigBuilder development(String database) {
    return from(Config.DEFAULTS)
        .port(0)
        .database(database)
        .bcryptCost(TestServices.FAST_COST)
        .secretsKey(TestSecrets.SOURCE);
  }

  /** Listens on {@code newHost}. */
  public ConfigBuilder host(String newHost) {
    host = newHost;
    return this;
  }

  /** Listens on {@code newPort}. */
  public ConfigBuilder port(int newPort) {
    port = newPort;
    return this;
  }

  /** Puts the admin listener at {@code newAdmin}. */
  public ConfigBuilder admin(AdminListener newAdmin) {
    admin = newAdmin;
    return this;
  }

  /** Uses the database at {@code newDatabase}. */
  public ConfigBuilder database(String newDatabase) {
    database = newDatabase;
    return this;
  }

  /** Hashes new passwords at {@code newCost}. */
  public ConfigBuilder bcryptCost(int newCost) {
    bcryptCost = newCost;
    return this;
  }

  /** Verifies stored hashes of at most {@code newMaxCost}. */
  public ConfigBuilder maxBcryptCost(int newMaxCost) {
    maxBcryptCost = newMaxCost;
    return this;
  }

  /** Keeps sessions and reset tokens for {@code newLifetimes}. */
  public ConfigBuilder lifetimes(Lifetimes newLifetimes) {
    lifetimes = newLifetimes;
    return this;
  }

  /** Throttles failed logins by {@code newThrottle}. */
  public ConfigBuilder throttle(ThrottlePolicy newThrottle) {
    throttle = newThrottle;
    return this;
  }

  /** Believes the {@code X-Forwarded-For} of {@code newTrustedProxies}. */
  public ConfigBuilder trustedProxies(List<String> newTrustedProxies) {
    trustedProxies = newTrustedProxies;
    return this;
  }

  /** Runs in production mode with {@code settings}. */
  public ConfigBuilder production(ProductionSettings settings) {
    production = Optional.of(settings);
    return this;
  }

  /** Serves the web pages or not. */
  public ConfigBuilder ui(boolean newUi) {
    ui = newUi;
    return this;
  }

  /** Admits the host names {@code allowedHosts}, with the rest of the edge unchanged. */
  public ConfigBuilder allowedHosts(List<String> newAllowedHosts) {
    allowedHosts = newAllowedHosts;
    return this;
  }

  /**
   * Lets the web pages return to {@code origins} ({@code --return-to-origin}), with the rest of the
   * edge unchanged.
   */
  public ConfigBuilder returnToOrigins(List<String> origins) {
    returnToOrigins = origins;
    return this;
  }

  /**
   * Shares the session cookie across {@code domain} ({@code --cookie-domain}), with the rest of the
   * edge unchanged.
   */
  public ConfigBuilder cookieDomain(String domain) {
    cookieDomain = Optional.of(domain);
    return this;
  }

  /**
   * Lets browser apps on {@code origins} call the API with credentials ({@code --cors-origin}),
   * with the rest of the edge unchanged.
   */
  public ConfigBuilder corsOrigins(List<String> origins) {
    corsOrigins = origins;
    return this;
  }

  /**
   * Serves every route under {@code newBasePath} ({@code --base-path}, such as {@code /auth}), with
   * the rest of the edge unchanged.
   *
   * @throws IllegalArgumentException if {@code newBasePath} is not one
   */
  public ConfigBuilder basePath(String newBasePath) {
    basePath = Optional.of(BasePath.parse(newBasePath, "--base-path"));
    return this;
  }

  /**
   * Keeps serving for {@code delay} once asked to stop, reporting not ready ({@code
   * --shutdown-delay}).
   */
  public ConfigBuilder shutdownDelay(Duration delay) {
    shutdownDelay = delay;
    return this;
  }

  /** Seals the secrets at rest with the key {@code source} names ({@code --secrets-key-file}). */
  /** Delivers webhooks with {@code settings}, such as a retry schedule of seconds. */
  public ConfigBuilder webhooks(WebhookSettings settings) {
    webhooks = settings;
    return this;
  }

  public ConfigBuilder secretsKey(KeySource source) {
    secretsKey = source;
    return this;
  }

  /**
   * The configuration, checked.
   *
   * @throws IllegalArgumentException naming the first value out of range
   */
  public Config build() {
    return new Config(
        host,
        port,
        admin,
        database,
        bcryptCost,
        maxBcryptCost,
        lifetimes,
        throttle,
        trustedProxies,
        production,
        ui,
        new EdgeSettings(
            allowedHosts,
            minRequestBytesPerSecond,
            maxConnectionsPerAddress,
            returnToOrigins,
            cookieDomain,
            corsOrigins,
            basePath),
        secretsKey,
        shutdownDelay,
        webhooks);
  }
}
