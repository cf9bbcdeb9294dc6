package io.bienvenue.http;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.failure.AuthException;
import io.bienvenue.http.edge.BadRequestException;
import io.bienvenue.http.edge.ConnectionsPerAddress;
import io.bienvenue.http.edge.Cors;
import io.bienvenue.http.edge.HostGuard;
import io.bienvenue.http.edge.MethodOverrideGuard;
import io.bienvenue.http.edge.SameOriginGuard;
import io.bienvenue.http.edge.SlowBodyLimit;
import io.bienvenue.http.edge.UnreadBody;
import io.bienvenue.oauth.OpenIdProvider;
import io.bienvenue.oauth.ProviderMetadata;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP edge: the original's {@code app.py}. Every route is declared here, in {@link #create}:
 * the JSON API and, unless turned off, the web pages under {@code /ui/} ({@link WebPages}), all
 * under the base path when there is one ({@link BasePath}, Jetty's context path). Handlers call
 * {@link Auth} only; they never touch the database.
 */
public final class HttpApp {

  /** The largest request body read, in bytes: far above any form this API takes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** How long a request body may take before its rate is measured. */
  static final Duration SLOW_BODY_GRACE = Duration.ofSeconds(5);

  private HttpApp() {}

  /**
   * Builds the application, not yet started.
   *
   * @param auth the service every handler calls
   * @param settings cookies, proxies, and whether the web pages are served
   * @throws IllegalArgumentException if a trusted proxy is not an address or CIDR block
   * @throws IllegalStateException if a web page is missing from the jar
   */
  public static Javalin create(Auth auth, HttpSettings settings) {
    return create(auth, Optional.empty(), settings);
  }

  /**
   * Builds the application with the OpenID Connect provider's routes too, when {@code provider} is
   * present, not yet started.
   *
   * @throws IllegalArgumentException if a trusted proxy is not an address or CIDR block
   * @throws IllegalStateException if a web page is missing from the jar
   */
  public static Javalin create(
      Auth auth, Optional<OpenIdProvider> provider, HttpSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(provider, "provider");
    ClientAddress clientAddress = new ClientAddress(settings.trustedProxies());
    SessionCookie cookie =
        new SessionCookie(
            settings.secureCookies(),
            settings.sessionCookie(),
            settings.crossSite().cookieDomain());
    Handlers handlers =
        new Handlers(
            Objects.requireNonNull(auth, "auth"), cookie, clientAddress, settings.returnTo());
    PasskeyHandlers passkeys = new PasskeyHandlers(auth, cookie, clientAddress);
    Optional<WebPages> pages =
        settings.pages()
            ? Optional.of(WebPages.load(auth, cookie, settings.returnTo(), settings.basePath()))
            : Optional.empty();
    Optional<OAuthHandlers> oauth =
        provider.map(p -> new OAuthHandlers(p, cookie, pages.isPresent()));
    Optional<AppAccessHandlers> apps = provider.map(p -> new AppAccessHandlers(auth, p, cookie));
    AccessLog accessLog = new AccessLog(clientAddress, settings.metrics());
    ErrorMapper errors = new ErrorMapper(settings.isOutage());
    HostGuard hosts = new HostGuard(settings.allowedHosts());
    SameOriginGuard sameOrigin =
        new SameOriginGuard(
            settings.crossSite(),
            // The protocol's form posts from relying parties' pages. Neither carries the
            // SameSite=Lax cookie, and either can be sent as a GET anyway.
            provider.isPresent()
                ? Set.of(OAuthHandlers.AUTHORIZE, ProviderMetadata.LOGOUT_PATH)
                : Set.of());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.prefer405over404 = true;
          // Every route below is under the base path; a request outside it reaches no route and
          // gets Jetty's 404, written as JSON by JsonErrorHandler.
          config.router.contextPath =
              settings.basePath().isSet() ? settings.basePath().value() : "/";
          config.http.maxRequestSize = MAX_BODY_BYTES;
          config.jetty.multipartConfig.maxTotalRequestSize(MAX_BODY_BYTES, SizeUnit.BYTES);
          config.jetty.multipartConfig.maxFileSize(MAX_BODY_BYTES, SizeUnit.BYTES);
          config.jetty.multipartConfig.maxInMemoryFileSize(MAX_BODY_BYTES, SizeUnit.BYTES);
          // The service stops itself gracefully (Bienvenue.close); Jetty's own shutdown hook would
          // cut the requests in flight.
          config.jetty.modifyServer(
              jetty -> {
                jetty.setStopAtShutdown(false);
                // Requests Jetty refuses before they reach a route get JSON too, never HTML.
                jetty.setErrorHandler(new JsonErrorHandler());
                limitConnections(jetty, settings.maxConnectionsPerAddress(), clientAddress);
                // Outside every route: preflights are answered before a route is looked for.
                Cors.handler(settings.crossSite()).ifPresent(jetty::insertHandler);
              });
          config.jetty.modifyHttpConfiguration(
              http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                if (settings.minRequestBytesPerSecond() > 0) {
                  http.addCustomizer(
                      new SlowBodyLimit(settings.minRequestBytesPerSecond(), SLOW_BODY_GRACE));
                }
              });

          config.requestLogger.http(accessLog::log);

          config.routes.before(RequestId::assign);
          config.routes.before(SecurityHeaders::apply);
          config.routes.before(hosts::check);
          // Before anything reads ctx.method(), which the override header would change.
          config.routes.before(MethodOverrideGuard::check);
          config.routes.before(sameOrigin::check);
          // After every route, its answer or its refusal: the connection outlives a body it left.
          config.routes.after(UnreadBody::drain);

          get(config, "/", handlers::welcome);
          config.routes.post("/users", handlers::register);
          config.routes.post("/sessions", handlers::login);
          config.routes.delete("/sessions", handlers::logout);
          get(config, "/sessions", handlers::sessions);
          config.routes.post("/sessions/token", handlers::loginForToken);
          config.routes.post("/sessions/email_code", handlers::requestLoginCode);
          config.routes.post("/sessions/email_code/verify", handlers::logInWithCode);
          config.routes.post(PasskeyHandlers.LOGIN_OPTIONS, passkeys::loginOptions);
          config.routes.post(PasskeyHandlers.LOGIN, passkeys::login);
          get(config, "/sessions/whoami", handlers::whoami);
          config.routes.delete("/sessions/{id}", handlers::endSession);
          get(config, "/profile", handlers::profile);
          config.routes.delete("/profile", handlers::deleteAccount);
          config.routes.put("/profile/password", handlers::changePassword);
          get(config, "/profile/totp", handlers::totpStatus);
          config.routes.post("/profile/totp", handlers::startTotp);
          config.routes.put("/profile/totp", handlers::confirmTotp);
          config.routes.delete("/profile/totp", handlers::disableTotp);
          config.routes.post(PasskeyHandlers.REGISTRATION_OPTIONS, passkeys::registrationOptions);
          config.routes.post(PasskeyHandlers.PASSKEYS, passkeys::register);
          get(config, PasskeyHandlers.PASSKEYS, passkeys::list);
          config.routes.delete(PasskeyHandlers.PASSKEYS + "/{id}", passkeys::remove);
          config.routes.post("/reset_password", handlers::requestReset);
          config.routes.put("/reset_password", handlers::resetPassword);
          config.routes.post("/verify_email", handlers::verifyEmail);
          config.routes.post("/verify_email/resend", handlers::resendVerification);
          get(config, "/openapi.json", OpenApiDocument.load(settings.basePath())::serve);
          oauth.ifPresent(
              routes -> {
                get(config, ProviderMetadata.DISCOVERY_PATH, routes::discovery);
                get(config, ProviderMetadata.JWKS_PATH, routes::jwks);
                get(config, OAuthHandlers.AUTHORIZE, routes::authorize);
                config.routes.post(OAuthHandlers.AUTHORIZE, routes::authorizeByPost);
                get(config, OAuthHandlers.CONSENT, routes::consentQuestion);
                config.routes.post(OAuthHandlers.CONSENT, routes::answerConsent);
                config.routes.post(ProviderMetadata.TOKEN_PATH, routes::token);
                get(config, ProviderMetadata.USERINFO_PATH, routes::userInfo);
                config.routes.post(ProviderMetadata.USERINFO_PATH, routes::userInfo);
                config.routes.post(ProviderMetadata.REVOKE_PATH, routes::revoke);
                config.routes.post(ProviderMetadata.INTROSPECT_PATH, routes::introspect);
                get(config, ProviderMetadata.LOGOUT_PATH, routes::logout);
                config.routes.post(ProviderMetadata.LOGOUT_PATH, routes::logoutByPost);
                config.routes.post(OAuthHandlers.LOGOUT_CONFIRM, routes::confirmLogout);
              });
          apps.ifPresent(
              routes -> {
                get(config, AppAccessHandlers.APPS, routes::list);
                config.routes.delete(AppAccessHandlers.APPS + "/{client_id}", routes::remove);
              });
          // The web pages (HTML for browsers, not JSON API routes): absent with --no-ui. "/ui/"
          // is "/ui", trailing slashes being ignored.
          pages.ifPresent(
              ui -> {
                get(config, "/ui", ui::home);
                // Before /ui/{page}, which would take "return" for a page's name.
                get(config, WebPages.RETURN, ui::returnTo);
                get(config, "/ui/{page}", ui::page);
                get(config, "/ui/assets/{file}", ui::asset);
              });

          config.routes.exception(AuthException.class, ErrorMapper::domain);
          config.routes.exception(BadRequestException.class, ErrorMapper::badRequest);
          config.routes.exception(HttpResponseException.class, ErrorMapper::framework);
          config.routes.exception(Exception.class, errors::unexpected);
          config.routes.error(HttpStatus.NOT_FOUND, ctx -> ErrorMapper.status(ctx, "not found"));
          config.routes.error(
              HttpStatus.METHOD_NOT_ALLOWED, ctx -> ErrorMapper.status(ctx, "method not allowed"));
        });
  }

  /**
   * Puts the per-address connection limit on every connector of {@code jetty}, once Javalin has
   * made them (just before the server starts); 0 means no limit.
   */
  private static void limitConnections(Server jetty, int max, ClientAddress clientAddress) {
    if (max <= 0) {
      return;
    }
    ConnectionsPerAddress limit = new ConnectionsPerAddress(max, clientAddress::isTrustedProxy);
    jetty.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStarting(LifeCycle server) {
            for (Connector connector : jetty.getConnectors()) {
              connector.addEventListener(limit);
            }
          }
        });
  }

  /**
   * Declares a {@code GET} route and its {@code HEAD}, which runs the same handler: Jetty sends the
   * status and headers and drops the body. Left to Javalin, a {@code HEAD} of any {@code GET} path
   * answers 200 without running it, a 200 where the {@code GET} is a 403 or a 404.
   */
  private static void get(JavalinConfig config, String path, Handler handler) {
    config.routes.get(path, handler);
    config.routes.head(path, handler);
  }
}
