package io.bienvenue.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.oauth.LogoutOutcome.Confirm;
import io.bienvenue.oauth.LogoutOutcome.LoggedOut;
import io.bienvenue.oauth.LogoutOutcome.Refused;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rules of RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), all in one place.
 * Nimbus's {@link LogoutRequest} parses the request; the rules are:
 *
 * <ul>
 *   <li>Every parameter is given at most once.
 *   <li>An {@code id_token_hint} is an ID token of this provider: signed by one of its published
 *       keys with that key's own algorithm ({@link SigningKeys#verify}: never {@code none}, never
 *       HS256), of type {@code JWT} (an access token, {@code at+jwt}, is no hint), issued by this
 *       issuer, for one audience, a registered client. An expired one is accepted, as the
 *       specification allows. Anything else is {@code invalid_request}.
 *   <li>A {@code client_id} names a registered client and, beside a hint, the hint's audience.
 *   <li>A {@code post_logout_redirect_uri} needs a client ({@code client_id} or the hint's) and
 *       must be registered for it exactly, by string equality; otherwise the request is refused,
 *       never redirected. The request's {@code state} is added to it.
 *   <li>Only a hint whose {@code sid} and {@code sub} name the browser's current session ends it at
 *       once. A hint of another session, no hint, or no session: the person is asked ({@link
 *       Confirm}), and nothing ends until they confirm ({@link #confirm}).
 * </ul>
 *
 * Thread-safe.
 */
final class Logouts {

  private static final String CLIENT_ID = "client_id";
  private static final String REDIRECT_URI = "post_logout_redirect_uri";
  private static final String STATE = "state";

  private final Supplier<Issuer> issuer;
  private final ClientRegistry clients;
  private final SigningKeys keys;

  /** The rules for the provider of {@code issuer}, its clients and its keys. */
  Logouts(Supplier<Issuer> issuer, ClientRegistry clients, SigningKeys keys) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** A logout request that passed every check. */
  private record Checked(
      Optional<String> clientId,
      Optional<String> redirectUri,
      Optional<String> state,
      Optional<JWTClaimsSet> hint) {

    /** Where the browser goes once logged out: the registered URI with the state, if any. */
    Optional<URI> redirect() {
      return redirectUri.map(
          uri -> URI.create(state.map(value -> withState(uri, value)).orElse(uri)));
    }

    /** {@code uri}, which may have a query of its own, with {@code state} added to it. */
    private static String withState(String uri, String state) {
      String separator = URI.create(uri).getRawQuery() == null ? "?" : "&";
      return uri + separator + URLUtils.serializeParameters(Map.of(STATE, List.of(state)));
    }

    /** The checked request, for the confirmation page to post back. */
    Map<String, List<String>> params() {
      Map<String, List<String>> params = new LinkedHashMap<>();
      clientId.ifPresent(id -> params.put(CLIENT_ID, List.of(id)));
      redirectUri.ifPresent(uri -> params.put(REDIRECT_URI, List.of(uri)));
      redirectUri.flatMap(uri -> state).ifPresent(value -> params.put(STATE, List.of(value)));
      return params;
    }

    /** Whether the hint names {@code session}: its {@code sid} and its user's {@code sub}. */
    boolean hintNames(LiveSession session) {
      return hint.filter(
              claims ->
                  session.session().publicId().equals(claims.getClaim("sid"))
                      && session.user().publicId().equals(claims.getSubject()))
          .isPresent();
    }
  }

  /**
   * Decides the end-session request {@code params} of the browser whose live session, if any, is
   * {@code session}: {@link LoggedOut} (the caller ends the session) only for a hint of that very
   * session.
   */
  LogoutOutcome decide(Map<String, List<String>> params, Optional<LiveSession> session) {
    Objects.requireNonNull(session, "session");
    return check(
        params,
        checked ->
            session.filter(checked::hintNames).isPresent()
                ? new LoggedOut(checked.redirect())
                : new Confirm(checked.params()));
  }

  /**
   * Decides the confirmation page's {@code POST}, the checked request {@code params} again: {@link
   * LoggedOut} (the caller ends the session, if any) unless the request no longer passes.
   */
  LogoutOutcome confirm(Map<String, List<String>> params) {
    return check(params, checked -> new LoggedOut(checked.redirect()));
  }

  /** Checks {@code params} by the rules above: refused, or {@code then} of the checked request. */
  private LogoutOutcome check(
      Map<String, List<String>> params, Function<Checked, LogoutOutcome> then) {
    Objects.requireNonNull(params, "params");
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      if (param.getValue().size() != 1) {
        return invalid(param.getKey() + " must be given once");
      }
    }
    LogoutRequest request;
    try {
      // ui_locales is ignored, so that a malformed one is no reason to refuse.
      Map<String, List<String>> parsed = new LinkedHashMap<>(params);
      parsed.remove("ui_locales");
      request = LogoutRequest.parse(parsed);
    } catch (ParseException e) {
      // Nimbus's message names the parameter, then quotes it: the value is not sent back.
      String message = Objects.requireNonNullElse(e.getMessage(), "the request is malformed");
      return invalid(message.contains(":") ? message.substring(0, message.indexOf(':')) : message);
    }
    Optional<JWTClaimsSet> hint = Optional.empty();
    if (request.getIDTokenHint() != null) {
      hint = verifiedHint(request.getIDTokenHint().getParsedString());
      if (hint.isEmpty()) {
        return invalid("the id_token_hint is not an ID token of this provider");
      }
    }
    Optional<String> hintClient = hint.map(claims -> claims.getAudience().get(0));
    Optional<String> clientId = one(params, CLIENT_ID);
    if (clientId.isPresent() && hintClient.isPresent() && !clientId.equals(hintClient)) {
      return invalid("client_id is not the audience of the id_token_hint");
    }
    clientId = clientId.or(() -> hintClient);
    Optional<Client> client = clientId.flatMap(clients::find);
    if (clientId.isPresent() && client.isEmpty()) {
      return invalid("no such client");
    }
    Optional<String> redirectUri = one(params, REDIRECT_URI);
    if (redirectUri.isPresent() && client.isEmpty()) {
      return invalid("post_logout_redirect_uri needs client_id or id_token_hint");
    }
    if (redirectUri.isPresent() && !client.get().allowsPostLogoutRedirect(redirectUri.get())) {
      return invalid("post_logout_redirect_uri is not registered for this client");
    }
    return then.apply(new Checked(clientId, redirectUri, one(params, STATE), hint));
  }

  /** The claims of {@code hint} if it is an ID token of this provider, expired or not. */
  private Optional<JWTClaimsSet> verifiedHint(String hint) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = keys.verify(hint);
      claims = jwt.getJWTClaimsSet();
    } catch (InvalidJwtException | java.text.ParseException e) {
      return Optional.empty();
    }
    JOSEObjectType type = jwt.getHeader().getType();
    boolean idToken =
        (type == null || JOSEObjectType.JWT.equals(type))
            && issuer.get().getValue().equals(claims.getIssuer())
            && claims.getAudience().size() == 1
            && claims.getSubject() != null;
    return idToken ? Optional.of(claims) : Optional.empty();
  }

  private static Optional<String> one(Map<String, List<String>> params, String name) {
    return Optional.ofNullable(params.get(name)).map(values -> values.get(0));
  }

  private static Refused invalid(String description) {
    return new Refused(OAuth2Error.INVALID_REQUEST.setDescription(description));
  }
}
