package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.oauth.AppAccess;
import io.bienvenue.oauth.OpenIdProvider;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;

/**
 * The profile's "Apps with access": the apps that can act for the person, and taking an app's
 * access away. Both need a live session, by cookie or bearer token, and are a 403 without one, as
 * every other route that needs one; {@link OpenIdProvider} decides everything else. The answers
 * carry no secret: no token, no hash.
 */
final class AppAccessHandlers {

  /** The list's path, under the base path; one app is {@code /profile/apps/{client_id}}. */
  static final String APPS = "/profile/apps";

  private final Auth auth;
  private final OpenIdProvider provider;
  private final SessionCredential credential;

  AppAccessHandlers(Auth auth, OpenIdProvider provider, SessionCookie cookie) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.credential = new SessionCredential(Objects.requireNonNull(cookie, "cookie"));
  }

  /** The body of {@code GET /profile/apps}. */
  record Apps(List<App> apps) {}

  /** One app in {@link Apps}: its id and name, the scopes it has, since when (ISO-8601). */
  record App(
      @JsonProperty("client_id") String clientId,
      String name,
      List<String> scopes,
      @JsonProperty("granted_at") String grantedAt) {

    static App of(AppAccess access) {
      return new App(
          access.clientId(), access.clientName(), access.scopes(), access.grantedAt().toString());
    }
  }

  /** {@code GET /profile/apps}: the person's apps with access, by name. */
  void list(Context ctx) {
    ctx.json(new Apps(provider.appsWithAccess(session(ctx)).stream().map(App::of).toList()));
  }

  /**
   * {@code DELETE /profile/apps/{client_id}}: forgets the consent and revokes the app's grants;
   * 204, or 404 if it is not one of the person's apps with access.
   */
  void remove(Context ctx) {
    if (!provider.removeApp(session(ctx), ctx.pathParam("client_id"))) {
      ErrorMapper.answer(ctx, HttpStatus.NOT_FOUND.getCode(), "no such app");
      return;
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  /** The caller's live session; a {@link NoSessionException} (403) without one. */
  private LiveSession session(Context ctx) {
    return credential.read(ctx).flatMap(auth::whoami).orElseThrow(NoSessionException::new);
  }
}
