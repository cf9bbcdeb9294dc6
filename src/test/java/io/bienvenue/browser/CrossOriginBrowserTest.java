package io.bienvenue.browser;

import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One session across an app's subdomains and a browser app calling the API with it, in the real
 * browser: the service at {@code auth.example.test}, started with {@code --cookie-domain
 * example.test} and {@code --cors-origin} naming the app at {@code app.example.test}, which the
 * scenario serves itself with a page of another site beside it. See {@code cross-origin.mjs}.
 */
@RequiresBrowser
class CrossOriginBrowserTest {

  private static final int APP_PORT = freePort();
  private static final int OTHER_PORT = freePort();

  @RegisterExtension
  static final ServiceFixture service =
      ServiceFixture.development()
          .with(
              config ->
                  config
                      .allowedHosts(List.of("auth.example.test"))
                      .cookieDomain("example.test")
                      .corsOrigins(List.of("http://app.example.test:" + APP_PORT)));

  @Test
  void theAppSeesTheSessionAndCallsTheApiAcrossOriginsAndAnotherSiteReadsNothing()
      throws IOException, InterruptedException {
    new BrowserScenarios("http://auth.example.test:" + service.port())
        .run(
            "cross-origin",
            Map.of(
                "BIENVENUE_TEST_APP_PORT",
                String.valueOf(APP_PORT),
                "BIENVENUE_TEST_OTHER_PORT",
                String.valueOf(OTHER_PORT)),
            "app");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
