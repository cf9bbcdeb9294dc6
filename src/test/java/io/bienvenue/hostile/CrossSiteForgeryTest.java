package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.hostile.HostileCases.Forgery;
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
 * Cross-site request forgery over the real server, on a service that shares its session cookie
 * across {@link HostileCases#COOKIE_DOMAIN} and allows {@link HostileCases#CORS_ORIGIN}: every
 * {@link HostileCases#crossSiteForgeries} row is a 403 JSON with no cookie set, and neither it nor
 * its preflight gets a CORS header that would let the forging page read an answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteForgeryTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final ServiceFixture service =
      ServiceFixture.development()
          .with(
              config ->
                  config
                      .cookieDomain(HostileCases.COOKIE_DOMAIN)
                      .corsOrigins(List.of(HostileCases.CORS_ORIGIN)));

  List<Forgery> cases() {
    return HostileCases.crossSiteForgeries();
  }

  @Test
  void thereAreAtLeastTwentyCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void theTrustedOriginsAreLetThrough() throws IOException {
    for (String trusted :
        List.of("https://app.example.com", "http://example.com:8080", HostileCases.CORS_ORIGIN)) {
      RawAnswer answer =
          RawHttp.exchange(
              service.port(), new Forgery(trusted, trusted, "cross-site").request(), LIMIT);

      assertThat(answer.status()).as("%s: %s", trusted, answer).isEqualTo(401);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithNoCookieAndNoCorsHeader(Forgery forgery) throws IOException {
    RawAnswer answer = RawHttp.exchange(service.port(), forgery.request(), LIMIT);

    assertThat(answer.status()).as("%s", answer).isEqualTo(403);
    assertThat(answer.json().path("message").asText()).isEqualTo("cross-site request refused");
    assertThat(answer.headers()).as("%s", answer).noneMatch(CrossSiteForgeryTest::isCookieOrCors);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void itsPreflightGetsNoCorsHeader(Forgery forgery) throws IOException {
    RawAnswer answer = RawHttp.exchange(service.port(), forgery.preflight(), LIMIT);

    assertThat(answer.status()).as("%s", answer).isLessThan(500);
    assertThat(answer.headers()).as("%s", answer).noneMatch(CrossSiteForgeryTest::isCookieOrCors);
  }

  private static boolean isCookieOrCors(String header) {
    String lower = header.toLowerCase(Locale.ROOT);
    return lower.startsWith("set-cookie:") || lower.startsWith("access-control-");
  }
}
