package io.bienvenue.http;

import io.bienvenue.auth.failure.AuthException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.http.edge.BadRequestException;
import io.bienvenue.http.edge.SlowBodyLimit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses, every one with a JSON {@code message}. An
 * outage of a dependency (the database) is a 503 with {@code Retry-After}; any other unexpected
 * failure is logged with a correlation id, and the client gets only that id.
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final String OUTAGE_RETRY_AFTER_SECONDS = "5";

  /** Set on a request once a domain outcome was answered, so a status handler leaves it be. */
  private static final String ANSWERED = "bienvenue.error-answered";

  private final Predicate<Throwable> isOutage;

  ErrorMapper(Predicate<Throwable> isOutage) {
    this.isOutage = Objects.requireNonNull(isOutage, "isOutage");
  }

  /** Status for each domain outcome of {@code Auth}. */
  static void domain(AuthException e, Context ctx) {
    int status = status(e.reason());
    if (e instanceof ServiceBusyException) {
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (e instanceof TooManyAttemptsException throttled) {
      ctx.header("Retry-After", Long.toString(throttled.retryAfterSeconds()));
    }
    ctx.attribute(ANSWERED, Boolean.TRUE);
    message(ctx, status, e.getMessage());
  }

  /** The status of each domain outcome: every reason is named, so a new one must be mapped. */
  static int status(AuthException.Reason reason) {
    return switch (reason) {
      case EMAIL_ALREADY_REGISTERED, INVALID_FIELD -> 400;
      case INVALID_CREDENTIALS, ONE_TIME_CODE_REQUIRED, INVALID_ONE_TIME_CODE, INVALID_PASSKEY ->
          401;
      case ACCOUNT_DISABLED,
          EMAIL_NOT_VERIFIED,
          INVALID_VERIFICATION_TOKEN,
          UNKNOWN_EMAIL,
          INVALID_RESET_TOKEN,
          NO_SESSION,
          WRONG_PASSWORD ->
          403;
      case UNKNOWN_SESSION, UNKNOWN_PASSKEY -> 404;
      case INVALID_LOGIN_CODE -> 401;
      case LOGIN_CODES_UNAVAILABLE -> 404;
      case TWO_FACTOR_STATE -> 409;
      case TOO_MANY_ATTEMPTS -> 429;
      case SERVICE_BUSY -> 503;
    };
  }

  /**
   * A handler's own refusal with {@code status}, kept as written even when a status handler of the
   * same code exists (a 404 of a route that exists).
   */
  static void answer(Context ctx, int status, String message) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    message(ctx, status, message);
  }

  /** A request refused at the edge. */
  static void badRequest(BadRequestException e, Context ctx) {
    message(ctx, e.status(), e.getMessage());
  }

  /** Javalin's own refusals, such as a body over the size limit. */
  static void framework(HttpResponseException e, Context ctx) {
    message(ctx, e.getStatus(), e.getMessage());
  }

  /**
   * Anything else: an outage is a 503 the client may retry; a bug is a 500, logged with an id, and
   * the client sees only the id.
   */
  void unexpected(Exception e, Context ctx) {
    int clientFault = clientFault(e);
    if (SlowBodyLimit.cutOff(e)) {
      // SlowBodyLimit cut the body off: Jetty closes the connection after this answer.
      message(ctx, clientFault, SlowBodyLimit.MESSAGE);
      return;
    }
    if (clientFault > 0) {
      // Jetty refused the body while a handler read it: a broken chunk, a bad multipart.
      message(ctx, clientFault, "the request body is malformed");
      return;
    }
    if (isOutage.test(e)) {
      LOG.warn(
          "{} {} refused: the database is unreachable or busy ({})",
          ctx.method(),
          ctx.path(),
          e.getClass().getSimpleName());
      ctx.header("Retry-After", OUTAGE_RETRY_AFTER_SECONDS);
      message(ctx, 503, "service temporarily unavailable, retry shortly");
      return;
    }
    String id = UUID.randomUUID().toString();
    LOG.error("unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
    ctx.status(500).json(new Bodies.InternalError("internal error", id));
  }

  /** The 4xx status Jetty gave {@code e} or one of its causes, or 0 when it is no client fault. */
  private static int clientFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        return http.getCode();
      }
    }
    return 0;
  }

  /**
   * A status with no handler of its own: unknown path, wrong method. A handler that gave the same
   * status with a body of its own (an unknown session's 404) keeps it.
   */
  static void status(Context ctx, String message) {
    if (ctx.attribute(ANSWERED) == null) {
      ctx.json(new Bodies.Message(message));
    }
  }

  private static void message(Context ctx, int status, String message) {
    ctx.status(status).json(new Bodies.Message(message));
  }
}
