package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.config.Config;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /ui/return} over the real server, started with {@code --return-to-origin
 * https://app.example.com}: the pages' way out after logging in, signing up, resetting a password
 * or logging out. An allowed destination is a 302 to it; anything else a 302 to the profile. In
 * production the service's own origin is its public URL's.
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

  @Test
  void inProductionTheOwnOriginIsThePublicUrlsNotTheLoopbackOne(@TempDir Path folder)
      throws IOException {
    int smtpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    smtp.start();
    Config config = ProductionConfigs.of(folder.resolve("production.db"), smtpPort);
    try (RunningService production = new RunningService(config, MutableClock.startingNow())) {
      int port = production.service.port();
      String publicProfile = ProductionConfigs.PUBLIC_URL + "/ui/profile?x";

      assertThat(rawReturnTo(port, publicProfile).header("Location")).isEqualTo(publicProfile);
      assertThat(rawReturnTo(port, "http://127.0.0.1:" + port + "/ui/profile").header("Location"))
          .isEqualTo(WebPages.PROFILE);
      assertThat(rawReturnTo(port, APP).header("Location")).isEqualTo(WebPages.PROFILE);
    } finally {
      smtp.stop();
    }
  }

  /** {@code GET /ui/return?to=destination} sent to the public URL's host, as a proxy would. */
  private static RawAnswer rawReturnTo(int port, String destination) throws IOException {
    return RawHttp.exchange(
        port,
        "GET /ui/return?to="
            + encoded(destination)
            + " HTTP/1.1\r\nHost: "
            + ProductionConfigs.PUBLIC_URL.getHost()
            + "\r\nConnection: close\r\n\r\n");
  }

  private ApiClient.Reply returnTo(String destination) {
    return api.get("/ui/return?to=" + encoded(destination));
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
