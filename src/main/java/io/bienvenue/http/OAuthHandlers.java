package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.AuthorizationOutcome;
import io.bienvenue.oauth.AuthorizationOutcome.AskConsent;
import io.bienvenue.oauth.AuthorizationOutcome.LogIn;
import io.bienvenue.oauth.AuthorizationOutcome.Redirect;
import io.bienvenue.oauth.AuthorizationOutcome.Refused;
import io.bienvenue.oauth.ConsentRequest;
import io.bienvenue.oauth.OpenIdProvider;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect provider's routes: the authorization endpoint and the consent page's question.
 * They call {@link OpenIdProvider} only; the protocol's messages are Nimbus's.
 */
final class OAuthHandlers {

  /** The authorization endpoint's path, under the base path. */
  static final String AUTHORIZE = "/oauth/authorize";

  /** The path of the consent page's question. */
  static final String CONSENT = "/oauth/consent";

  private final OpenIdProvider provider;
  private final SessionCookie cookie;

  OAuthHandlers(OpenIdProvider provider, SessionCookie cookie) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
  }

  /** The body of an error answered in place, as RFC 6749 §5.2 writes it. */
  record ProtocolError(
      String error, @JsonProperty("error_description") Optional<String> description) {}

  /** The consent page's question: the app's name and what it asks to see. */
  record ConsentQuestion(@JsonProperty("client_name") String clientName, List<String> scopes) {}

  /** {@code GET /oauth/authorize}. */
  void authorize(Context ctx) {
    answer(ctx, provider.authorize(ctx.queryParamMap(), cookie.read(ctx)), HttpStatus.FOUND);
  }

  /** {@code POST /oauth/authorize}: the consent page's answer, with the request in the form. */
  void answerConsent(Context ctx) {
    answer(ctx, provider.answerConsent(ctx.formParamMap(), cookie.read(ctx)), HttpStatus.SEE_OTHER);
  }

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

  private void answer(Context ctx, AuthorizationOutcome outcome, HttpStatus redirect) {
    String base = ctx.contextPath().equals("/") ? "" : ctx.contextPath();
    if (outcome instanceof Refused refused) {
      ErrorObject error = refused.error();
      ctx.status(HttpStatus.BAD_REQUEST)
          .json(new ProtocolError(error.getCode(), Optional.ofNullable(error.getDescription())));
    } else if (outcome instanceof Redirect to) {
      ctx.redirect(to.location().toString(), redirect);
    } else if (outcome instanceof LogIn login) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      query.put(
          "return_to",
          List.of(base + AUTHORIZE + "?" + URLUtils.serializeParameters(login.again())));
      login.loginHint().ifPresent(hint -> query.put("login_hint", List.of(hint)));
      if (login.forced()) {
        query.put("prompt", List.of("login"));
      }
      ctx.redirect(base + WebPages.LOGIN + "?" + URLUtils.serializeParameters(query), redirect);
    } else if (outcome instanceof AskConsent consent) {
      ctx.redirect(
          base + WebPages.CONSENT + "?" + URLUtils.serializeParameters(consent.params()), redirect);
    }
  }
}
