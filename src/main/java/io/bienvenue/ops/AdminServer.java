package io.bienvenue.ops;

import io.bienvenue.http.JsonApi;
import io.bienvenue.http.edge.AllowedHosts;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The admin listener: a second HTTP server, on its own address (loopback by default), that serves
 * what operators and orchestrators read and the public must not: {@code GET /metrics} (Prometheus
 * text), {@code GET /health/started} (the start is over: the database is migrated and the service
 * listens; Kubernetes' start-up probe), {@code GET /health/live} (the process answers), {@code GET
 * /health/ready} (the database answers too, and no stop has begun: take the instance out of the
 * load balancer when it does not), and the admin API ({@link AdminRoutes}, {@code /admin/v1/...})
 * where it is given.
 */
public final class AdminServer implements AutoCloseable {

  private final Javalin server;

  private AdminServer(Javalin server) {
    this.server = server;
  }

  /**
   * Starts the listener on {@code host}:{@code port} (0 picks a free port), serving the routes of
   * {@code api} too (the admin API), whose failures are mapped as the public API's are.
   *
   * @param metrics the registry {@code /metrics} shows
   * @param started tells whether the start is over, for {@code /health/started}
   * @param databaseAnswers tells whether the database answers now, for {@code /health/ready}
   * @param allowedHosts the host names requests may be addressed to; any other is a 421 JSON, so a
   *     page rebound to this address cannot read the metrics
   * @param api the admin API, if it is served
   * @param isOutage tells whether a failure is an outage of the database: a 503, not a 500
   */
  public static AdminServer start(
      String host,
      int port,
      PrometheusMeterRegistry metrics,
      BooleanSupplier started,
      BooleanSupplier databaseAnswers,
      AllowedHosts allowedHosts,
      Optional<AdminRoutes> api,
      Predicate<Throwable> isOutage) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(isOutage, "isOutage");
    Objects.requireNonNull(databaseAnswers, "databaseAnswers");
    Objects.requireNonNull(allowedHosts, "allowedHosts");
    Javalin server =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.modifyServer(jetty -> jetty.setStopAtShutdown(false));
              config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
              api.ifPresent(adminApi -> adminApi.guardQueries(config));
              config.routes.before(
                  ctx -> {
                    if (!allowedHosts.admits(ctx.req())) {
                      throw new HttpResponseException(421, AllowedHosts.REFUSAL);
                    }
                  });
              get(
                  config,
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.scrape()));
              get(config, "/health/started", ctx -> health(ctx, started.getAsBoolean(), Map.of()));
              get(config, "/health/live", ctx -> health(ctx, true, Map.of()));
              get(
                  config,
                  "/health/ready",
                  ctx -> {
                    boolean database = databaseAnswers.getAsBoolean();
                    health(ctx, database, Map.of("database", database ? "up" : "down"));
                  });
              api.ifPresent(adminApi -> adminApi.addRoutes(config));
              JsonApi.mapErrors(config, isOutage);
            });
    return new AdminServer(server.start(host, port));
  }

  /** A {@code GET} route and its {@code HEAD}, which runs the same handler without the body. */
  private static void get(JavalinConfig config, String path, Handler handler) {
    config.routes.get(path, handler);
    config.routes.head(path, handler);
  }

  /** The port the listener is on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static void health(Context ctx, boolean up, Map<String, String> checks) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "checks", checks));
  }
}
