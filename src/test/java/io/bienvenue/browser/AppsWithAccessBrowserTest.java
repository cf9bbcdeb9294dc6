package io.bienvenue.browser;

import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.NewClient;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The profile's "Apps with access" in the real browser: an app consented to on the consent page is
 * listed, checked by axe, removed with "Remove access", and the empty state shows. See {@code
 * apps-with-access.mjs}.
 */
@RequiresBrowser
class AppsWithAccessBrowserTest {

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  @Test
  void anAppConsentedToIsListedOnTheProfileAndRemovedThere()
      throws IOException, InterruptedException {
    int appPort = freePort();
    String clientId;
    try (Administration admin =
        Administration.open(
            service.config().database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      clientId =
          admin
              .clients()
              .add(
                  new NewClient(
                      "Team wiki",
                      List.of("http://127.0.0.1:" + appPort + "/cb"),
                      List.of(),
                      false,
                      true,
                      false,
                      IdTokenAlgorithm.ES256))
              .client()
              .clientId();
    }
    new BrowserScenarios("http://127.0.0.1:" + service.port())
        .run(
            "apps-with-access",
            Map.of("BIENVENUE_TEST_CLIENT_ID", clientId, "BIENVENUE_TEST_APP_PORT", "" + appPort),
            "listed");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
