package io.bienvenue;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.Notice;
import io.bienvenue.auth.ResetDelivery;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.http.AllowedHosts;
import io.bienvenue.http.HttpApp;
import io.bienvenue.http.HttpSettings;
import io.bienvenue.mail.DispatcherSettings;
import io.bienvenue.mail.LinkMail;
import io.bienvenue.mail.MailKinds;
import io.bienvenue.mail.MailRenderer;
import io.bienvenue.mail.Mailer;
import io.bienvenue.mail.NoticeMail;
import io.bienvenue.mail.OutboxDispatcher;
import io.bienvenue.ops.AdminServer;
import io.bienvenue.ops.AuditTrail;
import io.bienvenue.ops.Metrics;
import io.bienvenue.store.Database;
import io.bienvenue.store.StoreFailures;
import io.bienvenue.store.Stores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;

/**
 * The composition root: configuration in, a running service out. It wires, by hand and in one
 * place, the database, the stores, the password hasher, the {@link Auth} service, the mail outbox
 * (production) and the HTTP app. Tests start it the same way, with their own database, clock and
 * bcrypt cost.
 */
public final class Bienvenue implements AutoCloseable {

  private static final int HASHING_QUEUE_PER_THREAD = 64;
  private static final int MAX_DATABASE_CONNECTIONS = 10;
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_QUIET = Duration.ofMillis(300);
  private static final long DRAIN_POLL_MILLIS = 20;

  private final Deque<AutoCloseable> resources;
  private final Javalin http;
  private final AdminServer admin;

  private Bienvenue(Deque<AutoCloseable> resources, Javalin http, AdminServer admin) {
    this.resources = resources;
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
   * @throws RuntimeException with a one-line message if the database or the SMTP server is
   *     unusable; whatever was opened is closed again
   */
  public static Bienvenue start(Config config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    // Checked first: a name that is not a host name stops the start before anything is opened.
    AllowedHosts hosts = AllowedHosts.of(allowedHosts(config));
    AllowedHosts adminHosts = adminHosts(config);
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      Optional<Mailer> mailer = config.production().map(p -> new Mailer(p.smtp(), clock));
      mailer.ifPresent(Mailer::checkReachable);
      PrometheusMeterRegistry metrics = Metrics.create();
      opened.push(metrics::close);
      // The admin listener needs nothing from the database but a reachability check, so it starts,
      // with the JVM's meters it serves, on another core while the database opens and migrates: a
      // start about a third faster.
      AtomicBoolean draining = new AtomicBoolean();
      AtomicReference<Database> opening = new AtomicReference<>();
      CompletableFuture<AdminServer> adminStart =
          CompletableFuture.supplyAsync(
              () -> {
                Metrics.bindJvmMeters(metrics);
                return AdminServer.start(
                    config.admin().host(),
                    config.admin().port(),
                    metrics,
                    () -> !draining.get() && isReachable(opening.get()),
                    adminHosts);
              },
              inBackground("admin-start"));
      // Closed after the database: by then the service reports itself not ready anyway.
      opened.push(() -> closeOnceStarted(adminStart));
      Database database = Database.connect(config.database(), MAX_DATABASE_CONNECTIONS, metrics);
      opened.push(database);
      // Flyway migrates on another core while the service is put together below, which runs no
      // statement until the migration is joined.
      CompletableFuture<Void> migrating =
          CompletableFuture.runAsync(database::migrate, inBackground("migrate"));
      opened.push(() -> migrating.handle((done, failure) -> done).join());
      Stores stores = Stores.on(database, clock);
      SecureRandom random = new SecureRandom();
      int cores = Runtime.getRuntime().availableProcessors();
      PasswordHasher hasher =
          new PasswordHasher(
              config.bcryptCost(),
              config.maxBcryptCost(),
              cores,
              cores * HASHING_QUEUE_PER_THREAD,
              random,
              metrics);
      opened.push(hasher);
      AuthServices services =
          AuthServices.wire(
              stores,
              hasher,
              new Tokens(random),
              authSettings(config),
              new AuditTrail(metrics),
              clock);
      Runnable startDispatcher = () -> {};
      if (mailer.isPresent()) {
        ProductionSettings production = config.production().orElseThrow();
        OutboxDispatcher dispatcher =
            new OutboxDispatcher(
                stores.outbox(),
                new MailKinds(renderers(services.mailLinks(), production.publicUrl())),
                mailer.get(),
                clock,
                DispatcherSettings.DEFAULTS);
        opened.push(dispatcher);
        startDispatcher = dispatcher::start;
      }
      HttpSettings httpSettings =
          new HttpSettings(
              config.isProduction(),
              config.sessionCookie(),
              config.trustedProxies(),
              StoreFailures::isOutage,
              metrics,
              config.ui(),
              hosts,
              config.edge().minRequestBytesPerSecond(),
              config.edge().maxConnectionsPerAddress());
      joinStart(migrating);
      opening.set(database);
      startDispatcher.run();
      AdminServer admin = joinStart(adminStart);
      Javalin http =
          HttpApp.create(services.auth(), httpSettings).start(config.host(), config.port());
      opened.push(() -> drainAndStop(http, draining));
      return new Bienvenue(opened, http, admin);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
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

  private static boolean isReachable(Database database) {
    return database != null && database.isReachable();
  }

  /** Runs each task on a daemon thread of its own, named {@code name}. */
  private static Executor inBackground(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    };
  }

  /**
   * Waits for the admin listener's start to end, then stops it; if the start failed there is
   * nothing to stop (that failure is thrown by {@link #joinStart}, or is beside the point when
   * something else failed first).
   */
  private static void closeOnceStarted(CompletableFuture<AdminServer> start) {
    AdminServer admin;
    try {
      admin = start.join();
    } catch (CompletionException neverStarted) {
      return;
    }
    admin.close();
  }

  /** Waits for a start begun on another thread; its failure is thrown here, unwrapped. */
  private static <T> T joinStart(CompletableFuture<T> start) {
    try {
      return start.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
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
   * most), then flushes and stops the mail dispatcher, stops the hashing threads, closes the
   * database and stops the admin listener: the reverse of the order they started in.
   */
  @Override
  public void close() {
    RuntimeException failure = new IllegalStateException("closing Bienvenue failed");
    closeAll(resources, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  /**
   * Stops the public listener gracefully: reports not ready, closes the listening socket (new
   * clients are refused at once, not left hanging), then serves the connections already open until
   * no request is in flight and none has started for {@link #DRAIN_QUIET} (a client that connected
   * just before the close still has its request answered), {@link #DRAIN_TIMEOUT} at most, and only
   * then stops the server.
   */
  private static void drainAndStop(Javalin http, AtomicBoolean draining) {
    draining.set(true);
    Server server = http.jettyServer().server();
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        network.close();
      }
    }
    StatisticsHandler statistics = server.getDescendant(StatisticsHandler.class);
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long quietSince = System.nanoTime();
    int seen = statistics == null ? 0 : statistics.getRequestTotal();
    while (statistics != null && System.nanoTime() < deadline) {
      int requests = statistics.getRequestTotal();
      if (requests != seen || statistics.getRequestsActive() > 0) {
        seen = requests;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= DRAIN_QUIET.toNanos()) {
        break;
      }
      try {
        Thread.sleep(DRAIN_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop();
  }

  /** The renderer of each kind of mail: the two link mails, and one for every notice. */
  private static Map<String, MailRenderer> renderers(MailLinks links, URI publicUrl) {
    Map<String, MailRenderer> renderers = new HashMap<>();
    renderers.put(MailLinks.PASSWORD_RESET_MAIL, LinkMail.passwordReset(links, publicUrl));
    renderers.put(MailLinks.EMAIL_VERIFICATION_MAIL, LinkMail.verification(links, publicUrl));
    NoticeMail notices = new NoticeMail(publicUrl);
    for (Notice notice : Notice.values()) {
      renderers.put(notice.kind(), notices);
    }
    return renderers;
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

  private static void closeAll(Deque<AutoCloseable> resources, RuntimeException failure) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
