package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code HEAD} answers what {@code GET} answers, status and headers, without the body (RFC 9110
 * §9.3.2), on every path of the OpenAPI document, the web pages and unknown paths, with and without
 * a session: a {@code HEAD /profile} without a cookie is the 403 its {@code GET} is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadRequestTest {

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();
  private final ApiClient api = service.api();

  /** Headers that describe the representation or the policy, and so must not differ. */
  private static final List<String> COMPARED =
      List.of(
          "Content-Type",
          "Cache-Control",
          "Content-Security-Policy",
          "X-Content-Type-Options",
          "X-Frame-Options",
          "Referrer-Policy",
          "Allow");

  private String session;

  @BeforeAll
  void start() {
    Map<String, String> credentials = Map.of("email", "ada@example.org", "password", "pwd");
    assertThat(api.postForm("/users", credentials).status()).isEqualTo(200);
    session = api.postForm("/sessions", credentials).sessionId();
  }

  /**
   * Every path of the OpenAPI document (its path parameters filled in), the pages, and unknown
   * paths.
   */
  Stream<String> paths() {
    JsonNode document = api.get("/openapi.json").json();
    List<String> paths = new ArrayList<>();
    document
        .path("paths")
        .fieldNames()
        .forEachRemaining(p -> paths.add(p.replaceAll("\\{[a-z_]+}", "x")));
    assertThat(paths).as("the document lists the API").contains("/", "/profile", "/sessions");
    paths.addAll(
        List.of(
            "/ui",
            "/ui/",
            "/ui/login",
            "/ui/nothing",
            "/ui/assets/login.js",
            "/ui/assets/nothing.js",
            "/nothing",
            "/profile/nothing"));
    return paths.stream();
  }

  @ParameterizedTest
  @MethodSource("paths")
  void headWithoutASessionAnswersWhatGetAnswers(String path) {
    assertAlike(path);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void headWithASessionAnswersWhatGetAnswers(String path) {
    assertAlike(path, ApiClient.session(session));
  }

  private void assertAlike(String path, String... headers) {
    Reply get = api.get(path, headers);
    Reply head = api.send("HEAD", path, null, "", headers);

    assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
    for (String name : COMPARED) {
      assertThat(head.header(name)).as("%s of HEAD %s", name, path).isEqualTo(get.header(name));
    }
    assertThat(head.raw().body()).as("HEAD %s has no body", path).isEmpty();
  }
}
