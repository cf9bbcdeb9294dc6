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
 * "Log in with Bienvenue" in the real browser, for an app that needs consent: the login on the way,
 * the consent page (checked by axe), Allow and Deny. See {@code oidc-consent.mjs}.
 */
@RequiresBrowser
class OidcConsentBrowserTest {

  private static final int APP_PORT = freePort();

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  @Test
  void theAppGetsACodeOnceAllowedAndAccessDeniedOnceDenied()
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
            "oidc-consent",
            Map.of("BIENVENUE_TEST_CLIENT_ID", clientId, "BIENVENUE_TEST_APP_PORT", "" + APP_PORT),
            "consent");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
