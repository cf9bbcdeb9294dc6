package io.bienvenue.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.oauth.AuthorizationDecision.Approve;
import io.bienvenue.oauth.AuthorizationDecision.AskConsent;
import io.bienvenue.oauth.AuthorizationDecision.ErrorRedirect;
import io.bienvenue.oauth.AuthorizationDecision.LogIn;
import io.bienvenue.oauth.AuthorizationDecision.Refused;
import io.bienvenue.oauth.AuthorizationOutcome.Redirect;
import io.bienvenue.store.UserStore;
import io.bienvenue.user.User;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The OpenID Connect provider: what the HTTP layer calls, and all it calls for the protocol. It
 * puts the policies ({@link AuthorizationRequests}, {@link TokenRequests}, {@link TokenQueries})
 * together with the grants and consents they decide on, and the person's Bienvenue session.
 * Thread-safe.
 */
public final class OpenIdProvider {

  /** The form field the consent page answers with: {@code allow} or {@code deny}. */
  public static final String CONSENT = "consent";

  private final Auth auth;
  private final ClientRegistry clients;
  private final AuthorizationRequests requests;
  private final TokenRequests tokenRequests;
  private final TokenQueries tokenQueries;
  private final Grants grants;
  private final Consents consents;
  private final TokenIssuer issuer;
  private final SigningKeys keys;
  private final UserStore users;
  private final Clock clock;
  private final AppsWithAccess apps;
  private final Logouts logouts;

  /** The provider of {@code requests}'s issuer, over these grants and consents. */
  public OpenIdProvider(
      Auth auth,
      ClientRegistry clients,
      AuthorizationRequests requests,
      Grants grants,
      Consents consents,
      TokenIssuer issuer,
      SigningKeys keys,
      UserStore users,
      Clock clock) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.tokenRequests = new TokenRequests(clients);
    this.tokenQueries = new TokenQueries(clients);
    this.grants = Objects.requireNonNull(grants, "grants");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.users = Objects.requireNonNull(users, "users");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.apps = new AppsWithAccess(consents, grants, clients);
    this.logouts = new Logouts(requests::issuer, clients, keys);
  }

  /**
   * The apps that can act for the person of {@code session}: those they consented to, and those
   * that need no consent but hold a live grant with a refresh token ({@link AppsWithAccess}).
   */
  public List<AppAccess> appsWithAccess(LiveSession session) {
    return apps.list(Objects.requireNonNull(session, "session").user().id());
  }

  /**
   * Takes the access of client {@code clientId} away from the person of {@code session}: their
   * consent is forgotten and every grant of theirs to it revoked, so its refresh tokens and access
   * tokens stop working and its next authorization asks for consent again.
   *
   * @return whether it was one of their {@link #appsWithAccess}; if not, nothing changed
   */
  public boolean removeApp(LiveSession session, String clientId) {
    Objects.requireNonNull(session, "session");
    return apps.remove(session.user().id(), Objects.requireNonNull(clientId, "clientId"));
  }

  /**
   * Answers an authorization request, {@code params} from its query, for the person whose session
   * cookie holds {@code sessionToken}, if any. A {@link #CONSENT} parameter is ignored here: only
   * the consent page's {@code POST} answers for the person ({@link #answerConsent}), never a link.
   * When the person must consent, the consent page's address carries a {@code consent_token} tied
   * to this request and this session, which its answer must bring back.
   */
  public AuthorizationOutcome authorize(
      Map<String, List<String>> params, Optional<String> sessionToken) {
    Map<String, List<String>> request = new LinkedHashMap<>(params);
    request.remove(CONSENT);
    request.remove(ConsentTokens.PARAMETER);
    return answer(request, sessionToken, Optional.empty());
  }

  /**
   * Answers the consent page's {@code POST}: the authorization request's {@code params} and the
   * person's answer in {@link #CONSENT}, {@code allow} (remembered, then a code) or anything else
   * ({@code access_denied}). The request is checked again from the start, as if it came anew, and
   * the answer counts only with the {@code consent_token} that {@link #authorize} gave the consent
   * page for this request in this session: without it, the answer is refused in place ({@code
   * invalid_request}), neither allowed nor denied.
   */
  public AuthorizationOutcome answerConsent(
      Map<String, List<String>> params, Optional<String> sessionToken) {
    Map<String, List<String>> request = new LinkedHashMap<>(params);
    List<String> answer = Optional.ofNullable(request.remove(CONSENT)).orElse(List.of());
    List<String> token =
        Optional.ofNullable(request.remove(ConsentTokens.PARAMETER)).orElse(List.of());
    return answer(
        request,
        sessionToken,
        Optional.of(
            new ConsentAnswer(
                answer.equals(List.of("allow")),
                token.size() == 1 ? Optional.of(token.get(0)) : Optional.empty())));
  }

  /** The consent page's answer: allowed or not, and the token it was given. */
  private record ConsentAnswer(boolean allowed, Optional<String> token) {}

  private AuthorizationOutcome answer(
      Map<String, List<String>> request,
      Optional<String> sessionToken,
      Optional<ConsentAnswer> consent) {
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
    if (consent.isPresent()) {
      if (!ConsentTokens.verifies(
          consent.get().token(), sessionToken.orElseThrow(), request, clock.instant())) {
        return new AuthorizationOutcome.Refused(
            OAuth2Error.INVALID_REQUEST.setDescription(
                "the consent answer does not come from this request's consent page"));
      }
      if (!consent.get().allowed()) {
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
      Map<String, List<String>> page = new LinkedHashMap<>(request);
      page.put(
          ConsentTokens.PARAMETER,
          List.of(ConsentTokens.issue(sessionToken.orElseThrow(), request, clock.instant())));
      return new AuthorizationOutcome.AskConsent(page);
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

  /**
   * Answers a {@code POST} to the token endpoint: an ID token, an access token and, for a client
   * allowed them, a refresh token; or the protocol's error ({@code invalid_client} a 401, with an
   * HTTP Basic challenge when the client tried it).
   */
  public HTTPResponse token(HTTPRequest request) {
    TokenCall call = tokenRequests.read(request);
    try {
      if (call instanceof TokenCall.Refused refused) {
        return refusal(refused);
      }
      if (call instanceof TokenCall.CodeExchange exchange) {
        Grant grant =
            grants.redeemCode(
                exchange.code().getValue(),
                exchange.client().clientId(),
                exchange.redirectUri().toString(),
                exchange.verifier().map(CodeVerifier::getValue));
        return tokens(exchange.client(), grant, grants.issueRefresh(grant));
      }
      TokenCall.Refresh refresh = (TokenCall.Refresh) call;
      RefreshedGrant rotated =
          grants.rotate(refresh.token().getValue(), refresh.client().clientId());
      return tokens(refresh.client(), rotated.grant(), Optional.of(rotated.refreshToken()));
    } catch (InvalidGrantException e) {
      return new TokenErrorResponse(OAuth2Error.INVALID_GRANT.setDescription(e.getMessage()))
          .toHTTPResponse();
    }
  }

  /**
   * Answers UserInfo for {@code accessToken}: the user's {@code sub}, and {@code email} and {@code
   * email_verified} if the grant has the {@code email} scope; a 401 with the Bearer error for a
   * token that is not one of ours, expired, or whose grant was revoked or whose user is gone or
   * disabled.
   */
  public HTTPResponse userInfo(Optional<String> accessToken) {
    if (accessToken.isEmpty()) {
      return new UserInfoErrorResponse(BearerTokenError.MISSING_TOKEN).toHTTPResponse();
    }
    Optional<AccessGrant> access = checkedAccess(accessToken.get());
    if (access.isEmpty()) {
      return new UserInfoErrorResponse(BearerTokenError.INVALID_TOKEN).toHTTPResponse();
    }
    User user = access.get().user();
    UserInfo info = new UserInfo(new Subject(user.publicId()));
    if (access.get().scopes().contains("email")) {
      info.setEmailAddress(user.email());
      info.setEmailVerified(user.emailVerifiedAt().isPresent());
    }
    return new UserInfoSuccessResponse(info).toHTTPResponse();
  }

  /**
   * Answers an end-session request ({@code params} from its query or form) of the browser whose
   * session cookie holds {@code sessionToken}, if any, by the rules of {@link Logouts}: that
   * session ends at once only for an {@code id_token_hint} naming it ({@link
   * LogoutOutcome.LoggedOut}, its session-bound grants ending with it); otherwise the person is
   * asked ({@link LogoutOutcome.Confirm}) and nothing ends, or, when the web pages are not served
   * and there is nowhere to ask, the request is refused ({@code invalid_request}).
   */
  public LogoutOutcome logout(Map<String, List<String>> params, Optional<String> sessionToken) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    LogoutOutcome outcome = logouts.decide(params, sessionToken.flatMap(auth::whoami));
    if (outcome instanceof LogoutOutcome.Confirm && !requests.pagesServed()) {
      return new LogoutOutcome.Refused(
          OAuth2Error.INVALID_REQUEST.setDescription(
              "this service has no logout page to ask on (--no-ui): a logout needs the"
                  + " id_token_hint of the browser's own session"));
    }
    return ended(outcome, sessionToken);
  }

  /**
   * Answers the logout page's confirmation, the checked request's {@code params}: the session of
   * {@code sessionToken}, if any, ends ({@link LogoutOutcome.LoggedOut}) unless the request is
   * refused.
   */
  public LogoutOutcome confirmLogout(
      Map<String, List<String>> params, Optional<String> sessionToken) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    return ended(logouts.confirm(params), sessionToken);
  }

  /** Ends the session of {@code sessionToken}, if any, when {@code outcome} says it ends. */
  private LogoutOutcome ended(LogoutOutcome outcome, Optional<String> sessionToken) {
    if (outcome instanceof LogoutOutcome.LoggedOut) {
      sessionToken.ifPresent(auth::destroySession);
    }
    return outcome;
  }

  /**
   * Answers a {@code POST} to the revocation endpoint (RFC 7009): a refresh token revokes its whole
   * grant, and an access token the grant it names, expired or not, if the calling client is the one
   * they were issued to. Anything else (another client's token, an unknown or malformed one)
   * changes nothing and is answered alike, a 200; a refused request gets the protocol's error, as
   * at the token endpoint.
   */
  public HTTPResponse revoke(HTTPRequest request) {
    return answered(tokenQueries.readRevocation(request), this::revoked);
  }

  private HTTPResponse revoked(TokenCall.Query query) {
    String clientId = query.client().clientId();
    List<Predicate<String>> revocations =
        hintOrder(
            query,
            token -> grants.revokeToken(token, clientId),
            token -> revokeAccess(token, clientId));
    revocations.stream().anyMatch(revocation -> revocation.test(query.token()));
    return new HTTPResponse(HTTPResponse.SC_OK);
  }

  /**
   * Answers a {@code POST} to the introspection endpoint (RFC 7662), for a confidential client:
   * what a live access token is (as UserInfo would take it), or a live refresh token asked about by
   * its own client; {@code {"active":false}} for anything else (expired, revoked, its session
   * ended, its user disabled or deleted, its consent withdrawn, an ID or session token, another
   * client's refresh token). Never stored by a cache.
   */
  public HTTPResponse introspect(HTTPRequest request) {
    return answered(tokenQueries.readIntrospection(request), this::introspected);
  }

  private HTTPResponse introspected(TokenCall.Query query) {
    String issuerValue = requests.issuer().getValue();
    List<Function<String, Optional<TokenIntrospectionSuccessResponse>>> lookups =
        hintOrder(
            query,
            token ->
                grants
                    .liveRefresh(token, query.client().clientId())
                    .flatMap(
                        live ->
                            activeUser(live.grant().userId())
                                .map(user -> Introspections.refresh(issuerValue, live, user))),
            token ->
                checkedAccess(token)
                    .map(
                        access ->
                            Introspections.access(
                                access.claims(), access.user(), access.scopes())));
    TokenIntrospectionSuccessResponse answer =
        lookups.stream()
            .map(lookup -> lookup.apply(query.token()))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseGet(Introspections::inactive);
    HTTPResponse response = answer.toHTTPResponse();
    response.setCacheControl("no-store");
    return response;
  }

  /** The refusal of {@code call}, or what {@code answer} makes of its query. */
  private static HTTPResponse answered(
      TokenCall call, Function<TokenCall.Query, HTTPResponse> answer) {
    return call instanceof TokenCall.Refused refused
        ? refusal(refused)
        : answer.apply((TokenCall.Query) call);
  }

  /** {@code refresh} and {@code access}, the one for the kind {@code query} hints at first. */
  private static <T> List<T> hintOrder(TokenCall.Query query, T refresh, T access) {
    return query.accessTokenHinted() ? List.of(access, refresh) : List.of(refresh, access);
  }

  /**
   * Revokes the grant of access token {@code token} if it was issued to client {@code clientId}.
   */
  private boolean revokeAccess(String token, String clientId) {
    return signedAccess(token)
        .filter(claims -> clientId.equals(claims.getClaim("client_id")))
        .map(claims -> grants.revokeGrant((String) claims.getClaim(TokenIssuer.GRANT_CLAIM)))
        .orElse(false);
  }

  /** User {@code userId}, if they exist and are not disabled. */
  private Optional<User> activeUser(long userId) {
    return users.findById(userId).filter(user -> user.disabledAt().isEmpty());
  }

  /** The discovery document's JSON. */
  public String discovery() {
    return new ProviderMetadata(URI.create(requests.issuer().getValue())).json();
  }

  /** The public JSON Web Key Set that verifies this provider's tokens. */
  public String jwks() {
    return keys.jwkSet().toString();
  }

  /** What an access token proves once checked: whose it is, with which scopes, and its claims. */
  private record AccessGrant(User user, List<String> scopes, JWTClaimsSet claims) {}

  /**
   * The grant {@code token} stands for, if it is an access token this provider signed ({@link
   * #signedAccess}), not expired, whose grant is live and whose user is enabled.
   */
  private Optional<AccessGrant> checkedAccess(String token) {
    Optional<JWTClaimsSet> live =
        signedAccess(token)
            .filter(claims -> claims.getExpirationTime().toInstant().isAfter(clock.instant()))
            .filter(claims -> grants.isActive((String) claims.getClaim(TokenIssuer.GRANT_CLAIM)));
    if (live.isEmpty()) {
      return Optional.empty();
    }
    JWTClaimsSet claims = live.get();
    return users
        .findByPublicId(claims.getSubject())
        .filter(user -> user.disabledAt().isEmpty())
        .map(
            user ->
                new AccessGrant(
                    user, List.of(((String) claims.getClaim("scope")).split(" ")), claims));
  }

  /**
   * The claims of {@code token} if it is an access token this provider signed ({@code typ: at+jwt},
   * our issuer and audience), with an expiry, a grant, a scope and a subject; expired or not, its
   * grant live or not.
   */
  private Optional<JWTClaimsSet> signedAccess(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = keys.verify(token);
      claims = jwt.getJWTClaimsSet();
    } catch (InvalidJwtException | java.text.ParseException e) {
      return Optional.empty();
    }
    String issuerValue = requests.issuer().getValue();
    boolean valid =
        TokenIssuer.ACCESS_TOKEN_TYPE.equals(jwt.getHeader().getType())
            && issuerValue.equals(claims.getIssuer())
            && claims.getAudience().contains(issuerValue)
            && claims.getExpirationTime() != null
            && claims.getClaim(TokenIssuer.GRANT_CLAIM) instanceof String
            && claims.getClaim("scope") instanceof String
            && claims.getSubject() != null;
    return valid ? Optional.of(claims) : Optional.empty();
  }

  private HTTPResponse tokens(Client client, Grant grant, Optional<String> refreshToken) {
    Optional<User> user = activeUser(grant.userId());
    if (user.isEmpty()) {
      return new TokenErrorResponse(
              OAuth2Error.INVALID_GRANT.setDescription("the user is no longer active"))
          .toHTTPResponse();
    }
    return new OIDCTokenResponse(
            issuer.issue(
                requests.issuer(),
                client,
                grant,
                user.get(),
                refreshToken,
                grants.sessionPublicId(grant)))
        .toHTTPResponse();
  }

  private static HTTPResponse refusal(TokenCall.Refused refused) {
    HTTPResponse response = new TokenErrorResponse(refused.error()).toHTTPResponse();
    // Nimbus answers invalid_client with a 401; one that tried HTTP Basic is told to try again.
    if (OAuth2Error.INVALID_CLIENT.getCode().equals(refused.error().getCode())) {
      if (refused.challengeBasic()) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"bienvenue\"");
      }
    }
    return response;
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
