package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.AuthorizationDecision.Approve;
import io.bienvenue.oauth.AuthorizationDecision.AskConsent;
import io.bienvenue.oauth.AuthorizationDecision.ErrorRedirect;
import io.bienvenue.oauth.AuthorizationDecision.LogIn;
import io.bienvenue.oauth.AuthorizationDecision.Refused;
import io.bienvenue.store.ClientStore;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestServices;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization endpoint's decisions, over real clients in an SQLite file and a real session:
 * nothing is redirected before the client and its redirect URI are known; every later error goes
 * back with the state and the issuer; PKCE, prompt, max_age and consent as OAuth 2.1 and OpenID
 * Connect say.
 */
class AuthorizationRequestsTest {

  private static final Issuer ISSUER = new Issuer("https://auth.example.org");
  private static final String CALLBACK = "https://app.example.org/cb";
  private static final String CHALLENGE =
      CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private TestServices services;
  private Consents consents;
  private ClientRegistry registry;
  private AuthorizationRequests requests;
  private Client confidential;
  private Client publicClient;
  private Client thirdParty;
  private LiveSession session;

  @BeforeEach
  void start() {
    services = new TestServices(folder, clock, Lifetimes.DEFAULTS);
    registry =
        new ClientRegistry(
            new ClientStore(services.database.jdbi()), new Tokens(new SecureRandom()), clock);
    confidential = add(false, false);
    publicClient = add(true, false);
    thirdParty = add(false, true);
    Stores stores = Stores.on(services.database, clock);
    consents =
        new Consents(
            stores, WebhookEvents.over(stores, new Tokens(new SecureRandom()), clock), clock);
    requests = new AuthorizationRequests(() -> ISSUER, registry, consents);
    services.auth.registerUser("ada@example.org", "pwd");
    String token = services.auth.logIn("ada@example.org", "pwd", "203.0.113.1").token();
    session = services.auth.whoami(token).orElseThrow();
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void aValidRequestWithASessionIsApprovedWithWhatItAskedFor() {
    AuthorizationDecision decision =
        decide(
            params(confidential, "scope", "openid email profile unknown", "nonce", "n-1"),
            Optional.of(session));

    assertThat(decision).isInstanceOf(Approve.class);
    ValidAuthorization valid = ((Approve) decision).request();
    assertThat(valid.client().clientId()).isEqualTo(confidential.clientId());
    assertThat(valid.redirectUri()).hasToString(CALLBACK);
    assertThat(valid.scopes())
        .as("profile is none of ours")
        .containsExactlyInAnyOrder("openid", "email");
    assertThat(valid.state().orElseThrow().getValue()).isEqualTo("st-1");
    assertThat(valid.nonce().orElseThrow().getValue()).isEqualTo("n-1");
    assertThat(valid.codeChallenge().orElseThrow().getValue()).isEqualTo(CHALLENGE);
  }

  @Test
  void anUnknownClientOrAnyRedirectUriNotRegisteredIsNeverRedirected() {
    Map<String, List<String>> unknown = params(confidential);
    unknown.put("client_id", List.of("no-such-client"));
    assertThat(decide(unknown, Optional.of(session))).isInstanceOf(Refused.class);

    for (String redirect :
        List.of(
            "https://app.example.org/cb/",
            "https://APP.example.org/cb",
            "https://app.example.org:443/cb",
            "https://app.example.org/cb#x",
            "https://app.example.org/cb?x=1",
            "https://app.example.org/c%62",
            "https://app.example.org/cb/../cb",
            "https://app.example.org.evil.example/cb",
            "https://evil.example/cb",
            "")) {
      Map<String, List<String>> request = params(confidential);
      request.put("redirect_uri", List.of(redirect));
      assertThat(decide(request, Optional.of(session))).as(redirect).isInstanceOf(Refused.class);
    }
    Map<String, List<String>> missing = params(confidential);
    missing.remove("redirect_uri");
    assertThat(decide(missing, Optional.of(session))).isInstanceOf(Refused.class);
    Map<String, List<String>> twice = params(confidential);
    twice.put("redirect_uri", List.of(CALLBACK, "https://evil.example/cb"));
    assertThat(decide(twice, Optional.of(session))).isInstanceOf(Refused.class);
  }

  @Test
  void laterErrorsGoBackWithTheStateAndTheIssuer() throws ParseException {
    Map<String, List<String>> token = params(confidential, "response_type", "token");
    Map<String, List<String>> noOpenid = params(confidential, "scope", "email");
    Map<String, List<String>> twice = params(confidential);
    twice.put("scope", List.of("openid", "openid email"));
    Map<String, List<String>> fragment = params(confidential, "response_mode", "fragment");
    Map<String, List<String>> requestObject = params(confidential, "request", "eyJ...");

    assertThat(error(token)).isEqualTo("unsupported_response_type");
    assertThat(error(noOpenid)).isEqualTo("invalid_request");
    assertThat(error(twice)).isEqualTo("invalid_request");
    assertThat(error(fragment)).isEqualTo("invalid_request");
    assertThat(error(requestObject)).isEqualTo("request_not_supported");
    AuthorizationErrorResponse response = errorResponse(token);
    assertThat(response.getState().getValue()).isEqualTo("st-1");
    assertThat(response.getIssuer()).isEqualTo(ISSUER);
    assertThat(response.getRedirectionURI()).hasToString(CALLBACK);
  }

  @Test
  void aPublicClientMustUsePkceWithS256AndPlainIsRefusedForEveryone() throws ParseException {
    Map<String, List<String>> none = params(publicClient);
    none.remove("code_challenge");
    none.remove("code_challenge_method");
    Map<String, List<String>> plain = params(confidential, "code_challenge_method", "plain");
    Map<String, List<String>> implied = params(confidential);
    implied.remove("code_challenge_method");

    assertThat(error(none)).isEqualTo("invalid_request");
    assertThat(errorResponse(none).getErrorObject().getDescription()).contains("PKCE");
    assertThat(error(plain)).isEqualTo("invalid_request");
    assertThat(error(implied)).as("no method means plain").isEqualTo("invalid_request");
    Map<String, List<String>> confidentialWithout = params(confidential);
    confidentialWithout.remove("code_challenge");
    confidentialWithout.remove("code_challenge_method");
    assertThat(decide(confidentialWithout, Optional.of(session))).isInstanceOf(Approve.class);
  }

  @Test
  void withoutASessionThePersonLogsInAndComesBackWithTheSameRequest() {
    AuthorizationDecision decision =
        decide(params(confidential, "login_hint", "ada@example.org"), Optional.empty());

    assertThat(decision).isInstanceOf(LogIn.class);
    LogIn login = (LogIn) decision;
    assertThat(login.loginHint()).contains("ada@example.org");
    assertThat(login.forced()).isFalse();
    assertThat(login.again()).containsEntry("client_id", List.of(confidential.clientId()));
    assertThat(login.again()).containsEntry("state", List.of("st-1"));
    assertThat(login.again())
        .as("any login made next will do: no fresh one is asked for")
        .doesNotContainKey(AuthorizationRequests.LOGIN_AFTER);
  }

  @Test
  void promptNoneNeverShowsAPage() throws ParseException {
    assertThat(error(params(confidential, "prompt", "none"), Optional.empty()))
        .isEqualTo("login_required");
    assertThat(error(params(thirdParty, "prompt", "none"), Optional.of(session)))
        .isEqualTo("consent_required");
    assertThat(decide(params(confidential, "prompt", "none"), Optional.of(session)))
        .isInstanceOf(Approve.class);
  }

  @Test
  void promptLoginAsksForALoginOnceAndTheLoginMadeSinceSatisfiesIt() {
    AuthorizationDecision first =
        decide(params(confidential, "prompt", "login consent"), Optional.of(session));

    assertThat(first).isInstanceOf(LogIn.class);
    LogIn login = (LogIn) first;
    assertThat(login.forced()).isTrue();
    assertThat(login.again()).containsEntry("prompt", List.of("consent"));
    assertThat(login.again().get(AuthorizationRequests.LOGIN_AFTER)).hasSize(1);
    // The old session, coming back, is not a login made since; a new one is.
    assertThat(decide(new LinkedHashMap<>(login.again()), Optional.of(session)))
        .isInstanceOf(LogIn.class);
    clock.advance(Duration.ofSeconds(5));
    String token = services.auth.logIn("ada@example.org", "pwd", "203.0.113.1").token();
    LiveSession fresh = services.auth.whoami(token).orElseThrow();
    assertThat(decide(new LinkedHashMap<>(login.again()), Optional.of(fresh)))
        .isInstanceOf(Approve.class);
  }

  @Test
  void maxAgeSendsAnOlderLoginBackToTheLoginPage() {
    clock.advance(Duration.ofMinutes(10));

    assertThat(decide(params(confidential, "max_age", "900"), Optional.of(session)))
        .isInstanceOf(Approve.class);
    assertThat(decide(params(confidential, "max_age", "60"), Optional.of(session)))
        .isInstanceOfSatisfying(LogIn.class, login -> assertThat(login.forced()).isTrue());
  }

  @Test
  void aClientNeedingConsentAsksOnceItsScopesAreConsentedAndPromptConsentAsksAgain() {
    assertThat(decide(params(thirdParty), Optional.of(session))).isInstanceOf(AskConsent.class);

    consents.grant(session.user().id(), thirdParty.clientId(), List.of("openid"));
    assertThat(decide(params(thirdParty), Optional.of(session))).isInstanceOf(Approve.class);
    assertThat(decide(params(thirdParty, "prompt", "consent"), Optional.of(session)))
        .isInstanceOf(AskConsent.class);
  }

  @Test
  void theScopesGrantedAreTheOnesDiscoveryAdvertises() {
    assertThat(AuthorizationRequests.SCOPES)
        .containsExactlyInAnyOrderElementsOf(ProviderMetadata.SCOPES);
  }

  @Test
  void offlineAccessIsGrantedOnlyToAClientAllowedRefreshTokens() {
    Approve approved =
        (Approve)
            decide(params(confidential, "scope", "openid offline_access"), Optional.of(session));

    assertThat(approved.request().scopes()).containsExactly("openid");
  }

  private Client add(boolean publicClient, boolean consent) {
    return registry
        .add(
            new NewClient(
                "App",
                List.of(CALLBACK),
                List.of(),
                publicClient,
                consent,
                false,
                IdTokenAlgorithm.ES256))
        .client();
  }

  private Map<String, List<String>> params(Client client, String... overrides) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("response_type", List.of("code"));
    params.put("client_id", List.of(client.clientId()));
    params.put("redirect_uri", List.of(CALLBACK));
    params.put("scope", List.of("openid"));
    params.put("state", List.of("st-1"));
    params.put("code_challenge", List.of(CHALLENGE));
    params.put("code_challenge_method", List.of("S256"));
    for (int i = 0; i < overrides.length; i += 2) {
      params.put(overrides[i], List.of(overrides[i + 1]));
    }
    return params;
  }

  private AuthorizationDecision decide(
      Map<String, List<String>> params, Optional<LiveSession> session) {
    return requests.decide(params, session, clock.instant());
  }

  private String error(Map<String, List<String>> params) throws ParseException {
    return error(params, Optional.of(session));
  }

  private String error(Map<String, List<String>> params, Optional<LiveSession> with)
      throws ParseException {
    return errorResponse(params, with).getErrorObject().getCode();
  }

  private AuthorizationErrorResponse errorResponse(Map<String, List<String>> params)
      throws ParseException {
    return errorResponse(params, Optional.of(session));
  }

  private AuthorizationErrorResponse errorResponse(
      Map<String, List<String>> params, Optional<LiveSession> with) throws ParseException {
    AuthorizationDecision decision = decide(params, with);
    assertThat(decision).isInstanceOf(ErrorRedirect.class);
    URI location = ((ErrorRedirect) decision).location();
    return AuthorizationErrorResponse.parse(location);
  }
}
