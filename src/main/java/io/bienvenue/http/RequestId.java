package io.bienvenue.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives each request an id, returned in the {@code X-Request-Id} header and put in the logging
 * context ({@code request_id}) so every log line of the request carries it. A well-formed id sent
 * by a proxy is kept, so one id follows the request through both logs. Stateless.
 */
final class RequestId {

  static final String HEADER = "X-Request-Id";
  static final String LOG_KEY = "request_id";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestId() {}

  /** Assigns the id of {@code ctx}'s request, before any handler runs. */
  static void assign(Context ctx) {
    String offered = ctx.header(HEADER);
    String id =
        offered != null && WELL_FORMED.matcher(offered).matches()
            ? offered
            : UUID.randomUUID().toString();
    ctx.header(HEADER, id);
    MDC.put(LOG_KEY, id);
  }

  /** Clears the logging context once the request is logged. */
  static void clear() {
    MDC.remove(LOG_KEY);
  }
}
