package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords that are not well-formed Unicode (a lone UTF-16 surrogate, bytes that are not UTF-8)
 * are refused with a 400 naming the field, whatever way they arrive: never collapsed to {@code ?}
 * or U+FFFD, where two different inputs would become one password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IllFormedPasswordHttpTest {

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  @Test
  void aLoneSurrogateEscapeInJsonIsA400NamingThePasswordAndNothingLogsIn() {
    Reply registered =
        api.sendJson(
            "POST", "/users", "{\"email\": \"lone@example.org\", \"password\": \"\\ud800abc\"}");

    assertThat(registered.status()).isEqualTo(400);
    assertThat(registered.body().get("message").toString()).startsWith("password ");
    for (String other : new String[] {"?abc", "\uFFFDabc"}) {
      Reply login =
          api.postForm("/sessions", Map.of("email", "lone@example.org", "password", other));
      assertThat(login.status()).as("login with %s", other).isEqualTo(401);
    }
    Reply login =
        api.sendJson(
            "POST", "/sessions", "{\"email\": \"lone@example.org\", \"password\": \"\\udfffabc\"}");
    assertThat(login.status()).isEqualTo(400);
    assertThat(login.body().get("message").toString()).startsWith("password ");
  }

  @ParameterizedTest(name = "password={0}")
  @ValueSource(strings = {"%ED%A0%80abc", "%FFabc", "%C3abc", "%E2%82abc"})
  void aPercentEncodingThatIsNotUtf8IsA400(String password) throws Exception {
    Reply reply =
        api.send(
            "POST",
            "/users",
            "application/x-www-form-urlencoded",
            "email=pct"
                + Integer.toHexString(password.hashCode())
                + "%40example.org&password="
                + password);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().get("message").toString()).startsWith("password ");
  }

  @Test
  void rawBytesThatAreNotUtf8InAJsonBodyAreA400() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        "{\"email\": \"raw@example.org\", \"password\": \"".getBytes(StandardCharsets.UTF_8));
    body.write(0xFF);
    body.writeBytes("abc\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/users"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(reply.body()).get("message").asText()).isNotBlank();
  }
}
