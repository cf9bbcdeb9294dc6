package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consent page's answer counts only with the {@code consent_token} the authorization endpoint
 * put in that page's address, for that request and that session (SPEC §6, "the consent POST carries
 * a token tied to that request"). Each refusal replays a forgery: an answer made up without the
 * page, another request's token, another person's token, a stale or tampered one. None gives a
 * code, and none is remembered as consent.
 */
class ConsentAnswerBindingHttpTest {

  private static final String CALLBACK = "https://third.example.org/cb";
  private static final String PASSWORD = "pwd-of-everyone";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  private final ApiClient api = service.api();
  private RegisteredClient client;
  private String[] ada;
  private String[] bob;

  @BeforeEach
  void setUp() {
    client =
        RelyingParty.registerClient(
            service.config().database(),
            new NewClient(
                "Third party",
                List.of(CALLBACK),
                List.of(),
                false,
                true,
                false,
                IdTokenAlgorithm.ES256));
    ada = logIn("ada@example.org");
    bob = logIn("bob@example.org");
  }

  @Test
  void theAnswerWithItsPagesTokenGivesTheCode() {
    Map<String, String> page = consentPage(ada, "st-1");

    Reply allowed = answer(page, "allow", ada);

    assertThat(allowed.status()).as(allowed.raw().body()).isEqualTo(200);
    assertThat(allowed.json().path("redirect_to").asText()).startsWith(CALLBACK + "?code=");
  }

  @Test
  void anAnswerMadeUpWithoutThePageIsRefusedAndNotRemembered() {
    Map<String, String> page = consentPage(ada, "st-1");
    page.remove(ConsentTokens.PARAMETER);

    assertRefused(answer(page, "allow", ada));
    assertRefused(answer(page, "deny", ada));
    assertThat(consentPage(ada, "st-2"))
        .as("a refused answer gives no consent: the next request asks again")
        .containsKey(ConsentTokens.PARAMETER);
  }

  @Test
  void anotherRequestsTokenIsRefused() {
    Map<String, String> page = consentPage(ada, "st-1");
    Map<String, String> other = new LinkedHashMap<>(page);
    other.put("state", "st-attacker");
    Map<String, String> wider = new LinkedHashMap<>(page);
    wider.put("scope", "openid email offline_access");

    assertRefused(answer(other, "allow", ada));
    assertRefused(answer(wider, "allow", ada));
  }

  @Test
  void anotherPersonsTokenIsRefused() {
    // Bob opens his own consent page and has Ada's browser post its answer, token and all.
    Map<String, String> bobsPage = consentPage(bob, "st-1");

    assertRefused(answer(bobsPage, "allow", ada));
    assertThat(answer(bobsPage, "allow", bob).status())
        .as("the token still works for the session it was made for")
        .isEqualTo(200);
  }

  @Test
  void aStaleOrTamperedTokenIsRefused() {
    Map<String, String> page = consentPage(ada, "st-1");
    String token = page.get(ConsentTokens.PARAMETER);
    Map<String, String> tampered = new LinkedHashMap<>(page);
    char last = token.charAt(token.length() - 1);
    tampered.put(
        ConsentTokens.PARAMETER,
        token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
    Map<String, String> extended = new LinkedHashMap<>(page);
    int dot = token.indexOf('.');
    long expiry = Long.parseLong(token.substring(0, dot));
    extended.put(ConsentTokens.PARAMETER, (expiry + 3600) + token.substring(dot));
    Map<String, String> garbage = new LinkedHashMap<>(page);
    garbage.put(ConsentTokens.PARAMETER, "99999999999999999999999.x");

    assertRefused(answer(tampered, "allow", ada));
    assertRefused(answer(extended, "allow", ada));
    assertRefused(answer(garbage, "allow", ada));

    service.clock().advance(ConsentTokens.LIFETIME.plus(Duration.ofSeconds(1)));
    assertRefused(answer(page, "allow", ada));
  }

  private String[] logIn(String email) {
    api.postForm("/users", Map.of("email", email, "password", PASSWORD));
    return api.postForm("/sessions", Map.of("email", email, "password", PASSWORD)).sessionCookie();
  }

  /**
   * The fields of the consent page's address, where the authorization endpoint sends {@code as}.
   */
  private Map<String, String> consentPage(String[] as, String state) {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("response_type", "code");
    request.put("client_id", client.client().clientId());
    request.put("redirect_uri", CALLBACK);
    request.put("scope", "openid email");
    request.put("state", state);
    Reply asked = api.get("/oauth/authorize?" + ApiClient.urlEncoded(request), as);
    assertThat(asked.status()).isEqualTo(302);
    String location = asked.header("Location").orElseThrow();
    assertThat(location).startsWith("/ui/consent?");
    Map<String, String> fields = new LinkedHashMap<>();
    URLUtils.parseParameters(location.substring(location.indexOf('?') + 1))
        .forEach((name, values) -> fields.put(name, values.get(0)));
    assertThat(fields.get(ConsentTokens.PARAMETER)).matches("[0-9]+\\.[A-Za-z0-9_-]{43}");
    return fields;
  }

  private Reply answer(Map<String, String> page, String choice, String[] as) {
    Map<String, String> form = new LinkedHashMap<>(page);
    form.put("consent", choice);
    String[] headers = Arrays.copyOf(as, as.length + 4);
    headers[as.length] = "Origin";
    headers[as.length + 1] = "http://127.0.0.1:" + service.port();
    headers[as.length + 2] = "Sec-Fetch-Site";
    headers[as.length + 3] = "same-origin";
    return api.postForm("/oauth/consent", form, headers);
  }

  private static void assertRefused(Reply reply) {
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
    assertThat(reply.headers("Location")).isEmpty();
    assertThat(reply.json().path("error").asText()).isEqualTo("invalid_request");
    assertThat(reply.json().path("redirect_to").isMissingNode()).isTrue();
  }
}
