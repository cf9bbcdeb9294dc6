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
 * RP-initiated logout in the real browser: the logout page that asks (checked by axe), its "Log
 * out" going to the app's registered post-logout address, and the logged-out page (checked by axe).
 * See {@code oidc-logout.mjs}.
 */
@RequiresBrowser
class OidcLogoutBrowserTest {

  private static final int APP_PORT = freePort();

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  @Test
  void thePersonConfirmsAndLandsOnTheAppOrTheLoggedOutPage()
      throws IOException, InterruptedException {
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
                      List.of("http://127.0.0.1:" + APP_PORT + "/cb"),
                      List.of("http://127.0.0.1:" + APP_PORT + "/logged-out"),
                      false,
                      false,
                      false,
                      IdTokenAlgorithm.ES256))
              .client()
              .clientId();
    }
    new BrowserScenarios("http://127.0.0.1:" + service.port())
        .run(
            "oidc-logout",
            Map.of("BIENVENUE_TEST_CLIENT_ID", clientId, "BIENVENUE_TEST_APP_PORT", "" + APP_PORT),
            "confirm",
            "logged-out");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
