package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.hostile.HostileCases.Case;
import io.bienvenue.hostile.HostileCases.Fixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows of {@link HostileCases#underBasePath} over the real server started with {@code
 * --base-path /auth}: each is a 4xx with a JSON {@code message}, never the victim's profile or
 * sessions, and after each the victim's session still works under the prefix; after all of them,
 * the victim's account is untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class BasePathHostileTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final String VICTIM = "victim@example.org";
  private static final String VICTIM_PASSWORD = "the victim's password";

  @RegisterExtension
  static final ServiceFixture service =
      ServiceFixture.development().with(config -> config.basePath(HostileCases.BASE_PATH));

  private final ApiClient api = service.api();

  private Fixture fixture;

  @BeforeAll
  void start() {
    Map<String, String> credentials = Map.of("email", VICTIM, "password", VICTIM_PASSWORD);
    assertThat(api.postForm("/auth/users", credentials).status()).isEqualTo(200);
    ApiClient.Reply login = api.postForm("/auth/sessions", credentials);
    assertThat(login.status()).isEqualTo(200);
    // Only the victim's fields are used by these rows.
    fixture = new Fixture(VICTIM, VICTIM_PASSWORD, login.sessionId(), "", "", "", "", "", "", "");
  }

  @AfterAll
  void victimIsUntouched() {
    assertThat(api.get("/auth/profile", ApiClient.session(fixture.victimSession())).body())
        .as("the victim's session survived the run")
        .isEqualTo(Map.of("email", VICTIM));
    assertThat(
            api.postForm("/auth/sessions", Map.of("email", VICTIM, "password", VICTIM_PASSWORD))
                .status())
        .as("the account was not deleted")
        .isEqualTo(200);
  }

  List<Case> cases() {
    return HostileCases.underBasePath();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithA4xxAndReachesNoRouteOutsideThePrefix(Case hostile) throws IOException {
    RawAnswer answer = RawHttp.exchange(service.port(), hostile.request().apply(fixture), LIMIT);

    assertThat(answer.statusLine()).as("an HTTP/1.1 answer").startsWith("HTTP/1.1 ");
    assertThat(answer.status()).as("a 4xx: %s", answer).isBetween(400, 499);
    assertThat(answer.header("Content-Type")).as("%s", answer).startsWith("application/json");
    assertThat(answer.json().path("message").isTextual()).as("a message in %s", answer).isTrue();
    assertThat(answer.body()).as("nothing of the victim's").doesNotContain(VICTIM);
    assertThat(api.get("/auth/profile", ApiClient.session(fixture.victimSession())).body())
        .as("the victim's session still works")
        .isEqualTo(Map.of("email", VICTIM));
  }
}
