package io.bienvenue.relyingparty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.RegisteredClient;
import io.bienvenue.testing.ServiceFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's Authlib, a relying-party library in another language, against the real server: {@code
 * src/test/python/authlib_rp.py} does the code flow with PKCE S256 from discovery, verifies the ID
 * token against the JWKS with Authlib's jose, calls UserInfo, refreshes and revokes; this test
 * plays the browser between its authorization URL and the redirect back, and asserts what the
 * script reports.
 */
@RequiresAuthlib
class AuthlibTest {

  /**
   * The environment variable naming a Python with Authlib and requests: {@code /usr/bin/python3}.
   */
  static final String PYTHON_VARIABLE = "BIENVENUE_TEST_AUTHLIB";

  private static final Path SCRIPT = Path.of("src", "test", "python", "authlib_rp.py");
  private static final String CALLBACK = "https://app.example.org/authlib/callback";
  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd-of-ada";
  private static final long SCRIPT_SECONDS = 60;

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();
  @TempDir Path folder;

  private String userId;
  private String issuer;
  private RegisteredClient client;

  @BeforeEach
  void setUp() throws Exception {
    Registrations.clockOnTime(service);
    userId = Registrations.person(service, EMAIL, PASSWORD);
    issuer = "http://127.0.0.1:" + service.port();
    client = Registrations.confidentialClient(service, CALLBACK, "https://app.example.org/");
  }

  @Test
  void theCodeWithPkceBecomesAnIdTokenAuthlibVerifiesThenUserInfoAndARefresh() throws Exception {
    JsonNode seen = authlibRun();

    JsonNode claims = seen.get("id_token_claims");
    assertThat(claims.get("iss").asText()).isEqualTo(issuer);
    assertThat(claims.get("sub").asText()).isEqualTo(userId);
    assertThat(claims.get("aud").toString()).contains(client.client().clientId());
    assertThat(claims.get("email").asText()).isEqualTo(EMAIL);
    assertThat(seen.at("/id_token_refusals/other_nonce").asText()).isEqualTo("invalid_claim");
    assertThat(seen.at("/id_token_refusals/other_client").asText()).isEqualTo("invalid_claim");
    assertThat(seen.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
    assertThat(seen.at("/userinfo/sub").asText()).isEqualTo(userId);
    assertThat(seen.at("/userinfo/email").asText()).isEqualTo(EMAIL);
    assertThat(seen.has("refresh_error")).as("%s", seen).isFalse();
    assertThat(seen.get("refresh_token_rotated").asBoolean()).isTrue();
    assertThat(seen.get("access_token_replaced").asBoolean()).isTrue();
    assertThat(seen.at("/userinfo_after_refresh/sub").asText()).isEqualTo(userId);
  }

  @Test
  void aRefreshTokenRevokedByAuthlibNoLongerRefreshesNorItsAccessTokenServesUserInfo()
      throws Exception {
    JsonNode seen = authlibRun();

    assertThat(seen.path("revocation_endpoint").asText())
        .as("discovery names a revocation_endpoint")
        .isEqualTo(issuer + "/oauth/revoke");
    assertThat(seen.path("revocation_status").asInt()).as("%s", seen).isEqualTo(200);
    assertThat(seen.path("refresh_after_revocation").asText()).isEqualTo("invalid_grant");
    assertThat(seen.path("userinfo_status_after_revocation").asInt()).isEqualTo(401);
  }

  /**
   * Runs the script: reads the authorization URL it prints, checks that it asks for PKCE S256, logs
   * the person in on the way with a {@link Browser}, hands the script the URL the browser is sent
   * back to, and returns the script's report.
   */
  private JsonNode authlibRun() throws Exception {
    Path errors = folder.resolve("authlib.err");
    Process script =
        new ProcessBuilder(
                ProvidedExecutable.named(PYTHON_VARIABLE),
                SCRIPT.toString(),
                issuer,
                client.client().clientId(),
                client.secret().orElseThrow(),
                CALLBACK)
            .redirectError(errors.toFile())
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8)) {
      URI authorization = URI.create(line(out, errors).get("authorize").asText());
      Map<String, List<String>> query = URLUtils.parseParameters(authorization.getRawQuery());
      assertThat(authorization.toString()).startsWith(issuer + "/oauth/authorize?");
      assertThat(query).containsEntry("code_challenge_method", List.of("S256"));
      assertThat(query).containsKeys("code_challenge", "nonce", "state");

      URI callback = new Browser().logInOnTheWay(authorization, EMAIL, PASSWORD);
      assertThat(callback.toString()).startsWith(CALLBACK + "?");
      in.write(callback + "\n");
      in.flush();
      JsonNode seen = line(out, errors);
      assertThat(script.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(script.exitValue()).as(Files.readString(errors)).isZero();
      return seen;
    } finally {
      script.destroyForcibly();
    }
  }

  private static JsonNode line(BufferedReader out, Path errors) throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new AssertionError("the script ended early:\n" + Files.readString(errors));
    }
    return new ObjectMapper().readTree(line);
  }
}
