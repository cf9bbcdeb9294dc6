package io.bienvenue.http;

import io.bienvenue.auth.failure.AuthException;
import io.bienvenue.http.edge.BadRequestException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The public API's conventions, for another listener's JSON routes (the admin API): its error
 * mapping, every failure a JSON {@code message} and never a stack trace, and its body parsing.
 */
public final class JsonApi {

  private JsonApi() {}

  /**
   * Maps failures on {@code config}'s routes as the public API does: a domain outcome to its
   * status, a refusal at the edge to its 4xx, an outage to a 503, anything else to a 500 with only
   * a log correlation id; an unknown path is a 404 and a wrong method a 405, each a JSON {@code
   * message}.
   *
   * @param isOutage tells whether a failure is an outage of a dependency (the database)
   */
  public static void mapErrors(JavalinConfig config, Predicate<Throwable> isOutage) {
    ErrorMapper errors = new ErrorMapper(isOutage);
    // Requests Jetty refuses before they reach a route (an ambiguous path) get JSON too.
    config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JsonErrorHandler()));
    config.routes.exception(AuthException.class, ErrorMapper::domain);
    config.routes.exception(BadRequestException.class, ErrorMapper::badRequest);
    config.routes.exception(HttpResponseException.class, ErrorMapper::framework);
    config.routes.exception(Exception.class, errors::unexpected);
    config.routes.error(HttpStatus.NOT_FOUND, ctx -> ErrorMapper.status(ctx, "not found"));
    config.routes.error(
        HttpStatus.METHOD_NOT_ALLOWED, ctx -> ErrorMapper.status(ctx, "method not allowed"));
  }

  /**
   * Answers {@code status} with {@code {"message": ...}}, kept as written even where a status
   * handler of the same code exists (the 404 of a user that does not exist).
   */
  public static void refuse(Context ctx, int status, String message) {
    ErrorMapper.answer(ctx, status, message);
  }

  /**
   * The string fields of {@code ctx}'s body as the public API reads them (a JSON object of strings,
   * or a form), refusing any field not in {@code known} with a 400, and the members named in {@code
   * flags} as JSON booleans.
   *
   * @throws BadRequestException for a malformed body, a repeated or unknown field, a field of the
   *     wrong type, or a body of another type
   */
  public static Fields fields(Context ctx, Set<String> known, Set<String> flags) {
    RequestFields fields = RequestFields.withFlags(ctx, flags);
    fields.requireOnly(known);
    return new Fields(fields);
  }

  /** The fields of one request body. Immutable. */
  public static final class Fields {

    private final RequestFields fields;

    private Fields(RequestFields fields) {
      this.fields = fields;
    }

    /**
     * The value of {@code name}.
     *
     * @throws BadRequestException naming the field, if it is missing or empty
     */
    public String require(String name) {
      return fields.require(name);
    }

    /** Whether the flag {@code name} is given as {@code true}; false if it is absent. */
    public boolean flag(String name) {
      return fields.flag(name);
    }

    /** Whether {@code name} is given at all, as a string or a flag. */
    public boolean has(String name) {
      return fields.has(name);
    }
  }
}
