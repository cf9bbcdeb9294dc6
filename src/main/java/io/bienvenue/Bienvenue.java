package io.bienvenue;

import com.nimbusds.oauth2.sdk.id.Issuer;
import io.bienvenue.auth.AdminUsers;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.Notice;
import io.bienvenue.auth.PasskeyRelyingParty;
import io.bienvenue.auth.ResetDelivery;
import io.bienvenue.auth.TotpSecrets;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.http.HttpApp;
import io.bienvenue.http.HttpSettings;
import io.bienvenue.http.ReturnTo;
import io.bienvenue.http.edge.AllowedHosts;
import io.bienvenue.http.edge.CrossSiteTrust;
import io.bienvenue.mail.DispatcherSettings;
import io.bienvenue.mail.LinkMail;
import io.bienvenue.mail.MailKinds;
import io.bienvenue.mail.MailRenderer;
import io.bienvenue.mail.Mailer;
import io.bienvenue.mail.NoticeMail;
import io.bienvenue.mail.OutboxDispatcher;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.ops.AdminRoutes;
import io.bienvenue.ops.AdminServer;
import io.bienvenue.ops.AuditTrail;
import io.bienvenue.ops.Metrics;
import io.bienvenue.ops.adminapi.AdminApi;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.SecretKeys;
import io.bienvenue.store.Database;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.store.Stores;
import io.bienvenue.webhooks.WebhookDispatcher;
import io.bienvenue.webhooks.WebhookEndpoints;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: configuration in, a running service out. It wires, by hand and in one
 * place, the secrets key, the database, the stores, the password hasher, the {@link Auth} service,
 * the mail outbox (production), the webhook dispatcher and the HTTP app. Tests start it the same
 * way, with their own database, clock and bcrypt cost.
 */
public final class Bienvenue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Bienvenue.class);
  private static final int HASHING_QUEUE_PER_THREAD = 64;
  private static final int MAX_DATABASE_CONNECTIONS = 10;

  private final Lifecycle lifecycle;
  private final Javalin http;
  private final AdminServer admin;

  private Bienvenue(Lifecycle lifecycle, Javalin http, AdminServer admin) {
    this.lifecycle = lifecycle;
    this.http = http;
    this.admin = admin;
  }

  /**
   * Checks what the mode needs, opens (and migrates) the database, then starts serving on the
   * configured host and port. In production the SMTP server must answer first: a service that
   * cannot send reset mails refuses to start.
   *
   * @param config the validated configuration; port 0 picks a free port
   * @param clock the time source for every expiry
   * @throws RuntimeException with a one-line message if the secrets key, the database or the SMTP
   *     server is unusable, or a stored secret does not open with the key; whatever was opened is
   *     closed again
   */
  public static Bienvenue start(Config config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    // Checked first: a name that is not a host name stops the start before anything is opened.
    AllowedHosts hosts = AllowedHosts.of(allowedHosts(config));
    AllowedHosts adminHosts = adminHosts(config);
    // The key too: production without one, or a key file open to others, starts nothing.
    SecureRandom random = new SecureRandom();
    SecretBox box =
        new SecretBox(
            SecretKeys.load(config.secretsKey(), config.database(), config.isProduction(), random));
    Lifecycle lifecycle = new Lifecycle();
    try {
      Optional<Mailer> mailer = config.production().map(p -> new Mailer(p.smtp(), clock));
      mailer.ifPresent(Mailer::checkReachable);
      PrometheusMeterRegistry metrics = Metrics.create();
      lifecycle.register(metrics::close);
      // The admin listener needs nothing from the database but the readiness check, so it starts,
      // with the JVM's meters it serves, on another core while the database opens and migrates: a
      // start that does not wait for the two in turn. It closes after the database, when the
      // service is no longer ready.
      AdminApi adminApi = new AdminApi();
      Lifecycle.Starting<AdminServer> adminStart =
          lifecycle.startInBackground(
              "admin-start",
              () -> {
                Metrics.bindJvmMeters(metrics);
                return AdminServer.start(
                    config.admin().host(),
                    config.admin().port(),
                    metrics,
                    lifecycle::isStarted,
                    lifecycle::isReady,
                    adminHosts,
                    Optional.<AdminRoutes>of(adminApi),
                    StoreFailures::isOutage);
              },
              AdminServer::close);
      Database database = Database.connect(config.database(), MAX_DATABASE_CONNECTIONS, metrics);
      lifecycle.register(database);
      // Flyway migrates on another core while the service is put together below, which runs no
      // statement until the migration is joined.
      Lifecycle.Starting<Void> migration = lifecycle.runInBackground("migrate", database::migrate);
      Stores stores = Stores.on(database, clock);
      int cores = Runtime.getRuntime().availableProcessors();
      PasswordHasher hasher =
          new PasswordHasher(
              config.bcryptCost(),
              config.maxBcryptCost(),
              cores,
              cores * HASHING_QUEUE_PER_THREAD,
              random,
              metrics);
      lifecycle.register(hasher);
      Tokens tokens = new Tokens(random);
      // The passkeys' relying party is the public URL's host; in development, localhost on the
      // port listened on, set below once it is bound.
      AtomicReference<PasskeyRelyingParty> passkeyParty =
          new AtomicReference<>(
              config.production().map(p -> PasskeyRelyingParty.of(p.publicUrl())).orElse(null));
      AuditTrail audit = new AuditTrail(metrics);
      AuthServices services =
          AuthServices.wire(
              stores, hasher, tokens, box, authSettings(config), audit, clock, passkeyParty::get);
      // The issuer is the public URL; in development, the address the service listens on, set
      // below once it is bound (the port may be 0 until then).
      AtomicReference<Issuer> issuer = new AtomicReference<>(publicIssuer(config).orElse(null));
      OAuthServices oauth =
          OAuthServices.wire(stores, box, random, clock)
              .withProvider(
                  stores,
                  services.auth(),
                  services.webhookEvents(),
                  tokens,
                  config.lifetimes(),
                  issuer::get,
                  config.ui(),
                  clock);
      Optional<OutboxDispatcher> dispatcher =
          mailer.map(
              m ->
                  new OutboxDispatcher(
                      stores.outbox(),
                      mailKinds(
                          services.mailLinks(), config.production().orElseThrow().publicUrl()),
                      m,
                      clock,
                      DispatcherSettings.DEFAULTS,
                      metrics));
      dispatcher.ifPresent(lifecycle::register);
      HttpSettings httpSettings = httpSettings(config, metrics, hosts);
      migration.join();
      int sealed = new TotpSecrets(stores, box).sealStored();
      if (sealed > 0) {
        LOG.info("sealed {} stored TOTP secret(s) with the newest secrets key", sealed);
      }
      // Reading (or, on a first start, making) the signing keys loads the JOSE classes, a tenth
      // of a second or more: it runs while the HTTP app is built, and is joined before it listens.
      Lifecycle.Starting<Void> signingKeys =
          lifecycle.runInBackground("signing-keys", () -> ensureSigningKeys(oauth));
      dispatcher.ifPresent(OutboxDispatcher::start);
      startWebhooks(config, stores, box, random, metrics, clock, lifecycle);
      Housekeeping housekeeping = new Housekeeping(stores, config.lifetimes(), clock);
      lifecycle.register(housekeeping);
      housekeeping.start();
      AdminServer admin = adminStart.join();
      adminApi.attach(
          AuthServices.adminKeys(database, stores, tokens, config.throttle(), clock),
          services.adminUsers(),
          audit);
      Javalin app = HttpApp.create(services.auth(), oauth.provider(), httpSettings);
      signingKeys.join();
      Javalin http = app.start(config.host(), config.port());
      issuer.compareAndSet(null, developmentIssuer(config, http.port()));
      passkeyParty.compareAndSet(null, PasskeyRelyingParty.development(http.port()));
      lifecycle.serve(http, database::isReachable, config.shutdownDelay());
      return new Bienvenue(lifecycle, http, admin);
    } catch (RuntimeException e) {
      throw lifecycle.closeAfter(e);
    }
  }

  /**
   * Starts delivering the webhook outbox, in both modes, after warning of each endpoint that the
   * plain-http rule of production refuses (its deliveries fail at once).
   */
  private static void startWebhooks(
      Config config,
      Stores stores,
      SecretBox box,
      SecureRandom random,
      PrometheusMeterRegistry metrics,
      Clock clock,
      Lifecycle lifecycle) {
    WebhookEndpoints endpoints =
        new WebhookEndpoints(stores.webhookEndpoints(), box, random, clock);
    endpoints.plainHttpWarnings(config.webhooks(), config.isProduction()).forEach(LOG::warn);
    WebhookDispatcher webhooks =
        new WebhookDispatcher(
            stores.webhookDeliveries(),
            endpoints,
            config.webhooks(),
            config.isProduction(),
            metrics,
            clock);
    lifecycle.register(webhooks);
    webhooks.start();
  }

  /** The issuer in production: the public URL, without a trailing slash. */
  private static Optional<Issuer> publicIssuer(Config config) {
    return config.production().map(p -> new Issuer(p.publicUrl().toString().replaceAll("/+$", "")));
  }

  /** The issuer in development: the loopback address and port listened on, and the base path. */
  private static Issuer developmentIssuer(Config config, int port) {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return new Issuer("http://" + host + ":" + port + config.basePath().value());
  }

  /**
   * Makes the OpenID Connect signing keys on the first start (an RSA key takes a tenth of a second
   * or more, so it is said in the log) and reads them on every start.
   */
  private static void ensureSigningKeys(OAuthServices oauth) {
    long started = System.nanoTime();
    List<IdTokenAlgorithm> made = oauth.signingKeys().ensure();
    if (!made.isEmpty()) {
      LOG.info(
          "made the {} signing key(s) in {} ms", made, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * The host names the service answers for: the public URL's, the operator's {@code --allowed-host}
   * names and, in development, this machine's loopback names.
   */
  private static List<String> allowedHosts(Config config) {
    List<String> names = new ArrayList<>(config.edge().allowedHosts());
    config.production().ifPresent(p -> names.add(p.publicUrl().getHost()));
    if (!config.isProduction()) {
      names.addAll(AllowedHosts.LOOPBACK);
    }
    return names;
  }

  /**
   * The admin listener's: those of the service, the loopback names in both modes, and any IP
   * address, which orchestrators' probes and scrapers use and no rebound name can be.
   */
  private static AllowedHosts adminHosts(Config config) {
    List<String> names = allowedHosts(config);
    names.addAll(AllowedHosts.LOOPBACK);
    return AllowedHosts.of(names).andIpLiterals();
  }

  /** The port the service listens on. */
  public int port() {
    return http.port();
  }

  /** The port the admin listener (metrics, health) listens on. */
  public int adminPort() {
    return admin.port();
  }

  /**
   * Stops serving gracefully (no new connections; the requests in flight finish, ten seconds at
   * most), then stops the webhook dispatcher (the attempts under way finish; the rest stay in the
   * outbox), flushes and stops the mail dispatcher, stops the hashing threads, closes the database
   * and stops the admin listener: the reverse of the order they started in.
   *
   * @throws IllegalStateException with each failure suppressed, if a part failed to close
   */
  @Override
  public void close() {
    lifecycle.close();
  }

  /** The kinds of mail the outbox sends: the link mails, the login code, and every notice. */
  private static MailKinds mailKinds(MailLinks links, URI publicUrl) {
    Map<String, MailRenderer> renderers = new HashMap<>();
    renderers.put(MailLinks.PASSWORD_RESET_MAIL, LinkMail.passwordReset(links, publicUrl));
    renderers.put(MailLinks.EMAIL_VERIFICATION_MAIL, LinkMail.verification(links, publicUrl));
    renderers.put(MailLinks.EMAIL_CODE_MAIL, LinkMail.loginCode(links, publicUrl));
    renderers.put(AdminUsers.INVITATION_MAIL, LinkMail.invitation(links, publicUrl));
    NoticeMail notices = new NoticeMail(publicUrl);
    for (Notice notice : Notice.values()) {
      renderers.put(notice.kind(), notices);
    }
    return new MailKinds(renderers);
  }

  private static HttpSettings httpSettings(
      Config config, PrometheusMeterRegistry metrics, AllowedHosts hosts) {
    return new HttpSettings(
        config.isProduction(),
        config.sessionCookie(),
        config.trustedProxies(),
        StoreFailures::isOutage,
        metrics,
        config.ui(),
        hosts,
        config.edge().minRequestBytesPerSecond(),
        config.edge().maxConnectionsPerAddress(),
        ReturnTo.of(
            config.edge().returnToOrigins(),
            config.production().map(ProductionSettings::publicUrl)),
        CrossSiteTrust.of(
            config.edge().corsOrigins(), config.edge().cookieDomain(), config.isProduction()),
        config.basePath());
  }

  private static AuthSettings authSettings(Config config) {
    AuthSettings settings =
        new AuthSettings(
            config.lifetimes(),
            config.throttle(),
            PasswordPolicy.development(),
            ResetDelivery.IN_RESPONSE);
    return config
        .production()
        .map(
            p ->
                new AuthSettings(
                        config.lifetimes(),
                        config.throttle(),
                        PasswordPolicy.production(p.passwordMinLength()),
                        ResetDelivery.BY_EMAIL)
                    .withVerification(p.verification()))
        .orElse(settings);
  }
}
