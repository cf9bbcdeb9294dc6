package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.AuthorizationOutcome;
import io.bienvenue.oauth.AuthorizationOutcome.AskConsent;
import io.bienvenue.oauth.AuthorizationOutcome.LogIn;
import io.bienvenue.oauth.AuthorizationOutcome.Redirect;
import io.bienvenue.oauth.AuthorizationOutcome.Refused;
import io.bienvenue.oauth.ConsentRequest;
import io.bienvenue.oauth.LogoutOutcome;
import io.bienvenue.oauth.OpenIdProvider;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect provider's routes: discovery and the keys, the authorization endpoint and the
 * consent page's question, the token endpoint and UserInfo, revocation and introspection, the
 * end-session endpoint and the logout page's confirmation. They call {@link OpenIdProvider} only;
 * the protocol's messages are Nimbus's.
 */
final class OAuthHandlers {

  /** The authorization endpoint's path, under the base path. */
  static final String AUTHORIZE = "/oauth/authorize";

  /** The path of the consent page's question. */
  static final String CONSENT = "/oauth/consent";

  /** Where the logout page posts the person's confirmation. */
  static final String LOGOUT_CONFIRM = "/oauth/logout/confirm";

  private final OpenIdProvider provider;
  private final SessionCookie cookie;
  private final boolean pagesServed;

  /**
   * The routes of {@code provider}, reading the session from {@code cookie}; {@code pagesServed}
   * tells whether the web pages they send people to (login, consent, logout) are there.
   */
  OAuthHandlers(OpenIdProvider provider, SessionCookie cookie, boolean pagesServed) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.pagesServed = pagesServed;
  }

  /** The consent page's question: the app's name and what it asks to see. */
  record ConsentQuestion(@JsonProperty("client_name") String clientName, List<String> scopes) {}

  /** {@code GET /oauth/authorize}. */
  void authorize(Context ctx) {
    answer(ctx, provider.authorize(ctx.queryParamMap(), cookie.read(ctx)), HttpStatus.FOUND);
  }

  /**
   * {@code POST /oauth/authorize}: an authorization request in a form, answered as {@code GET} is
   * (OpenID Connect Core §3.1.2.1); a {@code consent} field is ignored, as in a query.
   */
  void authorizeByPost(Context ctx) {
    answer(ctx, provider.authorize(ctx.formParamMap(), cookie.read(ctx)), HttpStatus.SEE_OTHER);
  }

  /**
   * {@code POST /oauth/consent}: the consent page's answer, the authorization request's fields and
   * {@code consent=allow|deny}, answered in JSON with where the page goes next ({@code
   * redirect_to}: the client with its code or {@code access_denied}, or the login page). The page
   * navigates there itself: a form posted to this service could not be redirected to the client,
   * which the pages' {@code form-action 'self'} forbids.
   */
  void answerConsent(Context ctx) {
    AuthorizationOutcome outcome = provider.answerConsent(ctx.formParamMap(), cookie.read(ctx));
    if (outcome instanceof Refused refused) {
      refuse(ctx, refused.error());
      return;
    }
    ctx.json(new NextStep(location(ctx, outcome)));
  }

  /** Where the consent page goes next. */
  record NextStep(@JsonProperty("redirect_to") String redirectTo) {}

  /** {@code GET /oauth/consent?client_id=&scope=}: what the consent page shows; 404 if unknown. */
  void consentQuestion(Context ctx) {
    Optional<ConsentRequest> request =
        provider.consentRequest(
            Optional.ofNullable(ctx.queryParam("client_id")).orElse(""),
            Optional.ofNullable(ctx.queryParam("scope")).orElse(""));
    if (request.isEmpty()) {
      ErrorMapper.answer(ctx, HttpStatus.NOT_FOUND.getCode(), "no such client");
      return;
    }
    ctx.json(new ConsentQuestion(request.get().clientName(), request.get().scopes()));
  }

  /** {@code GET /oauth/logout}: the end-session endpoint (OpenID Connect RP-Initiated Logout). */
  void logout(Context ctx) {
    endSession(ctx, ctx.queryParamMap(), HttpStatus.FOUND);
  }

  /** {@code POST /oauth/logout}: the end-session request in a form, answered as {@code GET} is. */
  void logoutByPost(Context ctx) {
    endSession(ctx, ctx.formParamMap(), HttpStatus.SEE_OTHER);
  }

  /**
   * {@code POST /oauth/logout/confirm}: the logout page's confirmation, the checked request's
   * fields; the session ends and the answer says where the page goes ({@code redirect_to}: the
   * client's registered post-logout URI with its state, or the logged-out page). The page navigates
   * there itself, as the consent page does.
   */
  void confirmLogout(Context ctx) {
    LogoutOutcome outcome = provider.confirmLogout(ctx.formParamMap(), cookie.read(ctx));
    if (outcome instanceof LogoutOutcome.Refused refused) {
      refuse(ctx, refused.error());
      return;
    }
    cookie.clear(ctx);
    ctx.json(new NextStep(logoutLocation(ctx, outcome)));
  }

  private void endSession(Context ctx, Map<String, List<String>> params, HttpStatus redirect) {
    LogoutOutcome outcome = provider.logout(params, cookie.read(ctx));
    if (outcome instanceof LogoutOutcome.Refused refused) {
      refuse(ctx, refused.error());
      return;
    }
    if (outcome instanceof LogoutOutcome.LoggedOut) {
      cookie.clear(ctx);
    }
    ctx.redirect(logoutLocation(ctx, outcome), redirect);
  }

  /**
   * Where a logout sends the browser: the client, the logged-out page ({@code
   * /ui/logout?logged_out=true}; without the pages, the service's root, where {@code DELETE
   * /sessions} sends it too), or the confirmation page with the checked request.
   */
  private String logoutLocation(Context ctx, LogoutOutcome outcome) {
    String base = ctx.contextPath().equals("/") ? "" : ctx.contextPath();
    String page = base + WebPages.LOGOUT;
    if (outcome instanceof LogoutOutcome.LoggedOut out) {
      return out.redirect()
          .map(URI::toString)
          .orElse(pagesServed ? page + "?logged_out=true" : base + "/");
    }
    Map<String, List<String>> params = ((LogoutOutcome.Confirm) outcome).params();
    return params.isEmpty() ? page : page + "?" + URLUtils.serializeParameters(params);
  }

  /** {@code GET /.well-known/openid-configuration}: the discovery document. */
  void discovery(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(provider.discovery());
  }

  /** {@code GET /oauth/jwks}: the public keys that verify this provider's tokens. */
  void jwks(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(provider.jwks());
  }

  /** {@code POST /oauth/token}. */
  void token(Context ctx) {
    send(ctx, provider.token(clientRequest(ctx)));
  }

  /** {@code POST /oauth/revoke}: token revocation (RFC 7009). */
  void revoke(Context ctx) {
    send(ctx, provider.revoke(clientRequest(ctx)));
  }

  /** {@code POST /oauth/introspect}: token introspection (RFC 7662). */
  void introspect(Context ctx) {
    send(ctx, provider.introspect(clientRequest(ctx)));
  }

  /**
   * The {@code POST} a client sent to one of its endpoints, for Nimbus: the form and the {@code
   * Authorization} and {@code Content-Type} headers.
   */
  private static HTTPRequest clientRequest(Context ctx) {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ctx.fullUrl()));
    Optional.ofNullable(ctx.header("Authorization"))
        .ifPresent(value -> request.setAuthorization(value));
    Optional.ofNullable(ctx.header("Content-Type"))
        .ifPresent(value -> request.setHeader("Content-Type", value));
    request.setBody(ctx.body());
    return request;
  }

  /**
   * {@code GET} and {@code POST /oauth/userinfo}, with {@code Authorization: Bearer}; a request
   * with two {@code Authorization} headers, or another scheme, has no token.
   */
  void userInfo(Context ctx) {
    List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
    Optional<String> token = Optional.empty();
    if (headers.size() == 1) {
      try {
        token = Optional.of(BearerAccessToken.parse(headers.get(0)).getValue());
      } catch (ParseException e) {
        token = Optional.empty();
      }
    }
    send(ctx, provider.userInfo(token));
  }

  /** Writes a Nimbus response: status, headers and body, as the protocol made them. */
  private static void send(Context ctx, HTTPResponse response) {
    ctx.status(response.getStatusCode());
    response
        .getHeaderMap()
        .forEach((name, values) -> values.forEach(value -> ctx.header(name, value)));
    ctx.result(Optional.ofNullable(response.getBody()).orElse(""));
  }

  private void answer(Context ctx, AuthorizationOutcome outcome, HttpStatus redirect) {
    if (outcome instanceof Refused refused) {
      refuse(ctx, refused.error());
      return;
    }
    ctx.redirect(location(ctx, outcome), redirect);
  }

  /**
   * The error's JSON as RFC 6749 §5.2 writes it: {@code error}, and {@code error_description} when
   * there is one; Nimbus writes it.
   */
  private static void refuse(Context ctx, ErrorObject error) {
    ctx.status(HttpStatus.BAD_REQUEST)
        .contentType(ContentType.APPLICATION_JSON)
        .result(error.toJSONObject().toJSONString());
  }

  /** Where {@code outcome}, any but a refusal, sends the browser. */
  private static String location(Context ctx, AuthorizationOutcome outcome) {
    String base = ctx.contextPath().equals("/") ? "" : ctx.contextPath();
    if (outcome instanceof Redirect to) {
      return to.location().toString();
    }
    if (outcome instanceof LogIn login) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      query.put(
          "return_to",
          List.of(base + AUTHORIZE + "?" + URLUtils.serializeParameters(login.again())));
      login.loginHint().ifPresent(hint -> query.put("login_hint", List.of(hint)));
      if (login.forced()) {
        query.put("prompt", List.of("login"));
      }
      return base + WebPages.LOGIN + "?" + URLUtils.serializeParameters(query);
    }
    AskConsent consent = (AskConsent) outcome;
    return base + WebPages.CONSENT + "?" + URLUtils.serializeParameters(consent.params());
  }
}
