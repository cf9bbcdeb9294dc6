package io.bienvenue.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The admin listener: a second HTTP server, on its own address (loopback by default), that serves
 * what operators and orchestrators read and the public must not: {@code GET /metrics} (Prometheus
 * text), {@code GET /health/live} (the process answers) and {@code GET /health/ready} (the database
 * answers too: take the instance out of the load balancer when it does not).
 */
public final class AdminServer implements AutoCloseable {

  private final Javalin server;

  private AdminServer(Javalin server) {
    this.server = server;
  }

  /**
   * Starts the listener on {@code host}:{@code port} (0 picks a free port).
   *
   * @param metrics the registry {@code /metrics} shows
   * @param databaseAnswers tells whether the database answers now, for {@code /health/ready}
   */
  public static AdminServer start(
      String host, int port, PrometheusMeterRegistry metrics, BooleanSupplier databaseAnswers) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(databaseAnswers, "databaseAnswers");
    Javalin server =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.modifyServer(jetty -> jetty.setStopAtShutdown(false));
              config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.scrape()));
              config.routes.get("/health/live", ctx -> health(ctx, true, Map.of()));
              config.routes.get(
                  "/health/ready",
                  ctx -> {
                    boolean database = databaseAnswers.getAsBoolean();
                    health(ctx, database, Map.of("database", database ? "up" : "down"));
                  });
              config.routes.error(404, ctx -> ctx.json(Map.of("message", "not found")));
            });
    return new AdminServer(server.start(host, port));
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
