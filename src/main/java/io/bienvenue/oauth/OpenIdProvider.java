package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.oauth.AuthorizationDecision.Approve;
import io.bienvenue.oauth.AuthorizationDecision.AskConsent;
import io.bienvenue.oauth.AuthorizationDecision.ErrorRedirect;
import io.bienvenue.oauth.AuthorizationDecision.LogIn;
import io.bienvenue.oauth.AuthorizationDecision.Refused;
import io.bienvenue.oauth.AuthorizationOutcome.Redirect;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenID Connect provider: what the HTTP layer calls, and all it calls for the protocol. It
 * puts the policies ({@link AuthorizationRequests}, {@link TokenRequests}) together with the grants
 * and consents they decide on, and the person's Bienvenue session. Thread-safe.
 */
public final class OpenIdProvider {

  /** The form field the consent page answers with: {@code allow} or {@code deny}. */
  public static final String CONSENT = "consent";

  private final Auth auth;
  private final ClientRegistry clients;
  private final AuthorizationRequests requests;
  private final Grants grants;
  private final Consents consents;
  private final Clock clock;

  /** The provider of {@code requests}'s issuer, over these grants and consents. */
  public OpenIdProvider(
      Auth auth,
      ClientRegistry clients,
      AuthorizationRequests requests,
      Grants grants,
      Consents consents,
      Clock clock) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.grants = Objects.requireNonNull(grants, "grants");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Answers an authorization request, {@code params} from its query, for the person whose session
   * cookie holds {@code sessionToken}, if any. A {@link #CONSENT} parameter is ignored here: only
   * the consent page's {@code POST} answers for the person ({@link #answerConsent}), never a link.
   */
  public AuthorizationOutcome authorize(
      Map<String, List<String>> params, Optional<String> sessionToken) {
    Map<String, List<String>> request = new LinkedHashMap<>(params);
    request.remove(CONSENT);
    return answer(request, sessionToken, Optional.empty());
  }

  /**
   * Answers the consent page's {@code POST}: the authorization request's {@code params} and the
   * person's answer in {@link #CONSENT}, {@code allow} (remembered, then a code) or anything else
   * ({@code access_denied}). The request is checked again from the start, as if it came anew.
   */
  public AuthorizationOutcome answerConsent(
      Map<String, List<String>> params, Optional<String> sessionToken) {
    Map<String, List<String>> request = new LinkedHashMap<>(params);
    List<String> answer = Optional.ofNullable(request.remove(CONSENT)).orElse(List.of());
    return answer(request, sessionToken, Optional.of(answer.equals(List.of("allow"))));
  }

  private AuthorizationOutcome answer(
      Map<String, List<String>> request, Optional<String> sessionToken, Optional<Boolean> allow) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    Optional<LiveSession> session = sessionToken.flatMap(auth::whoami);
    AuthorizationDecision decision = requests.decide(request, session, clock.instant());
    if (decision instanceof Refused refused) {
      return new AuthorizationOutcome.Refused(refused.error());
    }
    if (decision instanceof ErrorRedirect error) {
      return new Redirect(error.location());
    }
    if (decision instanceof LogIn login) {
      return new AuthorizationOutcome.LogIn(login.again(), login.loginHint(), login.forced());
    }
    ValidAuthorization valid =
        decision instanceof Approve approve ? approve.request() : ((AskConsent) decision).request();
    if (allow.isPresent()) {
      if (!allow.get()) {
        return new Redirect(
            requests.errorLocation(
                valid.redirectUri(),
                valid.state(),
                OAuth2Error.ACCESS_DENIED.setDescription("the person did not allow it")));
      }
      consents.grant(valid.session().user().id(), valid.client().clientId(), valid.scopes());
      return new Redirect(approved(valid));
    }
    if (decision instanceof AskConsent) {
      return new AuthorizationOutcome.AskConsent(request);
    }
    return new Redirect(approved(valid));
  }

  /**
   * What the consent page shows for client {@code clientId} asking for {@code scope} (a
   * space-separated list): its name and the scopes it would get. Empty for an unknown client.
   */
  public Optional<ConsentRequest> consentRequest(String clientId, String scope) {
    Objects.requireNonNull(scope, "scope");
    return clients
        .find(Objects.requireNonNull(clientId, "clientId"))
        .map(
            client ->
                new ConsentRequest(
                    client.name(),
                    Arrays.stream(scope.split(" "))
                        .filter(AuthorizationRequests.SCOPES::contains)
                        .filter(s -> client.refreshTokens() || !s.equals("offline_access"))
                        .distinct()
                        .toList()));
  }

  /** Issues the code of {@code valid} and returns where it goes. */
  private URI approved(ValidAuthorization valid) {
    LiveSession session = valid.session();
    String code =
        grants.issueCode(
            new Authorization(
                valid.client(),
                session.user().id(),
                session.session().id(),
                List.copyOf(valid.scopes()),
                valid.nonce().map(Nonce::getValue),
                session.session().createdAt(),
                session.session().amr(),
                valid.redirectUri().toString(),
                valid.codeChallenge().map(challenge -> challenge.getValue())));
    return new AuthenticationSuccessResponse(
            valid.redirectUri(),
            new AuthorizationCode(code),
            null,
            null,
            valid.state().orElse(null),
            null,
            requests.issuer(),
            ResponseMode.QUERY)
        .toURI();
  }
}
