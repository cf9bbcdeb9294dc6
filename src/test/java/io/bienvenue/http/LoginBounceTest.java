package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The login and sign-up pages opened with a live session (issue 15), over the real server started
 * with {@code --return-to-origin https://app.example.com}: a 302 before any HTML, to {@code
 * /ui/return?to=} the page's {@code return_to}, which follows it if {@link ReturnTo} allows it and
 * goes to the profile otherwise, or to the profile when there is none; {@code prompt=login} shows
 * the form all the same; no session, or one that has ended, shows it too.
 */
class LoginBounceTest {

  private static final String APP = "https://app.example.com";
  private static final String PASSWORD = "pw";

  @RegisterExtension
  final ServiceFixture service =
      ServiceFixture.development().with(config -> config.returnToOrigins(List.of(APP)));

  private final ApiClient api = service.api();
  private String email;
  private String token;

  @BeforeEach
  void logIn() {
    email = "bounce@example.org";
    assertThat(api.postForm("/users", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
    token = api.postForm("/sessions", Map.of("email", email, "password", PASSWORD)).sessionId();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/login", "/ui/signup"})
  void withASessionThePageGoesAtOnceToTheReturnRouteWhichFollowsAnAllowedAddress(String page) {
    String returnTo = APP + "/home?tab=2";

    Reply bounce = api.get(page + "?return_to=" + encoded(returnTo), session(token));

    assertThat(bounce.status()).isEqualTo(302);
    assertThat(bounce.header("Location")).contains(WebPages.RETURN + "?to=" + encoded(returnTo));
    assertThat(bounce.raw().body()).doesNotContain("<form");
    assertThat(follow(bounce).header("Location")).contains(returnTo);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/login", "/ui/signup"})
  void withASessionAndNoReturnToThePageGoesToTheProfile(String page) {
    Reply reply = api.get(page, session(token));

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(WebPages.PROFILE);
  }

  @Test
  void withASessionARefusedReturnToEndsAtTheProfile() {
    Reply bounce = api.get("/ui/login?return_to=" + encoded("//evil.example/home"), session(token));
    Reply fallback = follow(bounce);

    assertThat(fallback.status()).isEqualTo(302);
    assertThat(fallback.header("Location")).contains(WebPages.PROFILE);
    assertThat(fallback.raw().headers().map().toString()).doesNotContain("evil.example");
  }

  @Test
  void withASessionAnOverLongReturnToGoesStraightToTheProfile() {
    Reply reply =
        api.get("/ui/login?return_to=" + encoded(APP + "/" + "a".repeat(3000)), session(token));

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(WebPages.PROFILE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/login", "/ui/signup"})
  void promptLoginShowsTheFormEvenWithASession(String page) {
    Reply reply =
        api.get(page + "?prompt=login&return_to=" + encoded(APP + "/home"), session(token));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type").orElse("")).startsWith("text/html");
    assertThat(reply.raw().body()).contains("<form");
  }

  @Test
  void withoutALiveSessionTheFormIsShown() {
    Reply anonymous = api.get("/ui/login?return_to=" + encoded(APP));
    Reply ended = api.get("/ui/login?return_to=" + encoded(APP), session("A".repeat(43)));
    api.delete("/sessions", session(token));
    Reply loggedOut = api.get("/ui/signup", session(token));

    for (Reply reply : List.of(anonymous, ended, loggedOut)) {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.raw().body()).contains("<form");
    }
  }

  @Test
  void otherPagesAreShownWithASession() {
    for (String page : List.of("/ui/forgot", "/ui/reset", "/ui/verify", "/ui/profile")) {
      assertThat(api.get(page + "?return_to=" + encoded(APP), session(token)).status())
          .as(page)
          .isEqualTo(200);
    }
  }

  @Test
  void bouncesAndShownFormsCountAsNoFailedLogin() {
    for (int i = 0; i < 20; i++) {
      assertThat(api.get("/ui/login", session(i % 2 == 0 ? token : "B".repeat(43))).status())
          .isIn(200, 302);
    }

    assertThat(api.postForm("/sessions", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  /** The answer to the request {@code redirect}'s {@code Location} names, on this service. */
  private Reply follow(Reply redirect) {
    return api.get(redirect.header("Location").orElseThrow());
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
