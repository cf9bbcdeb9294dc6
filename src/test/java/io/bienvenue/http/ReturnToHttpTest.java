package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /ui/return} over the real server, started with {@code --return-to-origin
 * https://app.example.com}: the pages' way out after logging in, signing up, resetting a password
 * or logging out. An allowed destination is a 302 to it; anything else a 302 to the profile.
 */
class ReturnToHttpTest {

  private static final String APP = "https://app.example.com";

  @RegisterExtension
  final ServiceFixture service =
      ServiceFixture.development().with(config -> config.returnToOrigins(List.of(APP)));

  @RegisterExtension
  final ServiceFixture withoutPages =
      ServiceFixture.development()
          .with(config -> config.returnToOrigins(List.of(APP)).ui(false))
          .startedByTest();

  private final ApiClient api = service.api();

  @Test
  void anAllowedOriginIsFollowed() {
    ApiClient.Reply reply = returnTo(APP + "/dashboard?tab=2");

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(APP + "/dashboard?tab=2");
    assertThat(reply.header("Cache-Control")).contains("no-store");
  }

  @Test
  void theServicesOwnLoopbackOriginAndPathsAreFollowed() {
    String own = "http://127.0.0.1:" + service.port() + "/ui/profile?x";

    assertThat(returnTo(own).header("Location")).contains(own);
    assertThat(returnTo("/ui/profile?welcome=1").header("Location"))
        .contains("/ui/profile?welcome=1");
  }

  @Test
  void anotherOriginLeadsToTheProfile() {
    ApiClient.Reply reply = returnTo("https://evil.example/");

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(WebPages.PROFILE);
  }

  @Test
  void noDestinationLeadsToTheProfile() {
    assertThat(api.get("/ui/return").header("Location")).contains(WebPages.PROFILE);
    assertThat(api.get("/ui/return?to=").header("Location")).contains(WebPages.PROFILE);
  }

  @Test
  void aUserinfoTrickLeadsToTheProfile() {
    ApiClient.Reply reply = returnTo(APP + "@evil.example/");

    assertThat(reply.header("Location")).contains(WebPages.PROFILE);
    assertThat(reply.raw().headers().map().toString()).doesNotContain("evil.example");
  }

  @Test
  void aHeadIsAnsweredLikeTheGet() {
    ApiClient.Reply reply = api.send("HEAD", "/ui/return?to=" + encoded(APP), null, "");

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(APP);
  }

  @Test
  void withoutTheWebPagesThereIsNoReturnRoute() {
    withoutPages.start();

    ApiClient.Reply reply = withoutPages.api().get("/ui/return?to=" + encoded(APP));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Location")).isEmpty();
  }

  private ApiClient.Reply returnTo(String destination) {
    return api.get("/ui/return?to=" + encoded(destination));
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
