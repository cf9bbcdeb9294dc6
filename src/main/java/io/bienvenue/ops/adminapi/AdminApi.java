package io.bienvenue.ops.adminapi;

import io.bienvenue.auth.AdminKeys;
import io.bienvenue.auth.AdminUsers;
import io.bienvenue.ops.AdminRoutes;
import io.bienvenue.ops.AuditTrail;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The admin API, {@code /admin/v1/...} on the admin listener: users listed, read, created or
 * invited, disabled and enabled, their email marked verified, their second factor reset, their
 * sessions listed and ended, deleted. Every request but the one for its OpenAPI document needs an
 * admin key ({@link AdminKeyGuard}); every action goes to the audit trail with the key's name.
 *
 * <p>The listener starts while the database still opens: its routes are there from the start, and
 * answer 503 until {@link #attach} gives them the keys and the users. Thread-safe.
 */
public final class AdminApi implements AdminRoutes {

  /** Where the API's routes are. */
  public static final String PREFIX = "/admin/v1";

  /** Its OpenAPI document, served without a key: it tells nothing that the source does not. */
  public static final String OPENAPI = PREFIX + "/openapi.json";

  private static final String USER = PREFIX + "/users/{id}";

  /** What the routes need from the database, once it is open. */
  private record Wiring(AdminKeyGuard guard, AdminApiHandlers handlers) {}

  private final AtomicReference<Wiring> wiring = new AtomicReference<>();
  private final byte[] document = readDocument();

  /** Creates the API, whose routes answer 503 until {@link #attach}. */
  public AdminApi() {}

  /** Serves the API over {@code keys} and {@code users} from now on, recording to {@code audit}. */
  public void attach(AdminKeys keys, AdminUsers users, AuditTrail audit) {
    wiring.set(new Wiring(new AdminKeyGuard(keys, audit), new AdminApiHandlers(users, audit)));
  }

  /**
   * Refuses a request whose query string carries a key: registered before any other before-handler
   * of the listener, so that nothing else sees it first.
   */
  @Override
  public void guardQueries(JavalinConfig config) {
    config.routes.before(PREFIX + "/*", AdminKeyGuard::refuseKeyInQuery);
  }

  /** Adds the key check and the routes to {@code config}. */
  @Override
  public void addRoutes(JavalinConfig config) {
    Objects.requireNonNull(config, "config");
    config.routes.before(
        PREFIX + "/*",
        ctx -> {
          if (!ctx.path().equals(OPENAPI)) {
            wired().guard().authenticate(ctx);
          }
        });
    get(config, OPENAPI, ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(document));
    get(config, PREFIX + "/users", route(AdminApiHandlers::list));
    config.routes.post(PREFIX + "/users", route(AdminApiHandlers::create));
    get(config, USER, route(AdminApiHandlers::show));
    config.routes.delete(USER, route(AdminApiHandlers::delete));
    config.routes.post(USER + "/disable", route(AdminApiHandlers::disable));
    config.routes.post(USER + "/enable", route(AdminApiHandlers::enable));
    config.routes.post(USER + "/verify_email", route(AdminApiHandlers::verifyEmail));
    config.routes.delete(USER + "/second_factor", route(AdminApiHandlers::resetSecondFactor));
    get(config, USER + "/sessions", route(AdminApiHandlers::sessions));
    config.routes.delete(USER + "/sessions", route(AdminApiHandlers::endSessions));
  }

  private Handler route(BiConsumer<AdminApiHandlers, Context> handler) {
    return ctx -> handler.accept(wired().handlers(), ctx);
  }

  private Wiring wired() {
    Wiring wired = wiring.get();
    if (wired == null) {
      throw new HttpResponseException(503, "the service is starting, retry shortly");
    }
    return wired;
  }

  /** A {@code GET} route and its {@code HEAD}, which runs the same handler without the body. */
  private static void get(JavalinConfig config, String path, Handler handler) {
    config.routes.get(path, handler);
    config.routes.head(path, handler);
  }

  private static byte[] readDocument() {
    try (InputStream in = AdminApi.class.getResourceAsStream("/admin-openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("the resource /admin-openapi.json is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource /admin-openapi.json", e);
    }
  }
}
