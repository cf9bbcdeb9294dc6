package io.bienvenue.http;

import static net.logstash.logback.argument.StructuredArguments.value;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request (request id, method, route, status, duration, client address) and the
 * request metrics ({@code http_server_requests_seconds{method,route,status}}, a histogram). Never a
 * header, a body, a cookie or a query string, so no secret can reach the log through it.
 * Thread-safe.
 */
final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  private static final String UNMATCHED = "unmatched";

  private final ClientAddress clientAddress;
  private final MeterRegistry metrics;

  AccessLog(ClientAddress clientAddress, MeterRegistry metrics) {
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  void log(Context ctx, Float millis) {
    String route = route(ctx);
    int status = ctx.statusCode();
    Timer.builder("http.server.requests")
        .description("HTTP requests by route and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(metrics)
        .record(Math.round(millis * 1000.0), TimeUnit.MICROSECONDS);
    // The text line stays as it reads; JSON logs carry each fact as a field of its own too.
    LOG.info(
        "{} {} {} {}ms client={}",
        value("method", ctx.method().name()),
        value("route", route),
        value("status", status),
        value("duration_ms", Math.round(millis)),
        value("client", clientAddress.of(ctx)));
    RequestId.clear();
  }

  /**
   * The route template matched, never the raw path: bounded, and free of anything a client sent.
   */
  private static String route(Context ctx) {
    if (ctx.statusCode() == 404) {
      return UNMATCHED;
    }
    try {
      // The HTTP route that answered: ctx.endpoint() is the last handler run, an after-handler's
      // "*".
      Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
      return matched == null ? UNMATCHED : matched.path;
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }
}
