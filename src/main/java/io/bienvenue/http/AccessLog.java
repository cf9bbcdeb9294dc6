package io.bienvenue.http;

import io.javalin.http.Context;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path, status, duration and client address. Never a header, a
 * body, a cookie or a query string, so no secret can reach the log through it. Thread-safe.
 */
final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  private static final int MAX_PATH_LENGTH = 200;

  private final ClientAddress clientAddress;

  AccessLog(ClientAddress clientAddress) {
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
  }

  void log(Context ctx, Float millis) {
    String path = ctx.path();
    if (path.length() > MAX_PATH_LENGTH) {
      path = path.substring(0, MAX_PATH_LENGTH) + "...";
    }
    LOG.info(
        "{} {} {} {}ms client={}",
        ctx.method(),
        path,
        ctx.statusCode(),
        Math.round(millis),
        clientAddress.of(ctx));
  }
}
