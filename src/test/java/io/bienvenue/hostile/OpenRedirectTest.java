package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.hostile.HostileCases.Redirect;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Open redirects (OWASP ASVS 5.1.5) over the real server: every {@link HostileCases#openRedirects}
 * row sent to {@code GET /ui/return}, on a service that lets the pages return to {@link
 * HostileCases#RETURN_TO_ORIGIN} only, is a 302 to the profile, and no header of the answer names
 * the attacker's host. Unlike {@link HostileInputTest}'s rows these are not refused with a 4xx: a
 * person who followed a doctored link still lands on a page of the service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenRedirectTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final String FALLBACK = "/ui/profile";

  @RegisterExtension
  static final ServiceFixture service =
      ServiceFixture.development()
          .with(config -> config.returnToOrigins(List.of(HostileCases.RETURN_TO_ORIGIN)));

  List<Redirect> cases() {
    return HostileCases.openRedirects();
  }

  @Test
  void thereAreAtLeastTwentyCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void theAllowedOriginIsFollowed() throws IOException {
    RawAnswer answer = send(new Redirect("allowed", "to=https%3A%2F%2Fapp.example.com%2Fhome"));

    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    assertThat(answer.header("Location")).isEqualTo(HostileCases.RETURN_TO_ORIGIN + "/home");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void leadsToTheProfileAndNamesNoOtherHost(Redirect hostile) throws IOException {
    RawAnswer answer = send(hostile);

    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    assertThat(answer.header("Location")).as("%s", answer).isEqualTo(FALLBACK);
    assertThat(answer.headers())
        .as("no header names the attacker's host")
        .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("evil"));
  }

  private static RawAnswer send(Redirect redirect) throws IOException {
    return RawHttp.exchange(service.port(), redirect.request(), LIMIT);
  }
}
