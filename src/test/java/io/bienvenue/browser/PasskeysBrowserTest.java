package io.bienvenue.browser;

import io.bienvenue.testing.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passkeys on the web pages in the real browser (issue 17), with a CDP virtual authenticator: the
 * scenario {@code passkeys} runs twice against a service opened as {@code http://localhost:PORT},
 * its relying party id {@code localhost}. First it adds a passkey on the profile page and logs in
 * with it from the login page, by the email field's autofill and by the button; then, the service's
 * clock moved past the five minutes in which no password is needed, adding another and removing the
 * first each ask for the password.
 */
@RequiresBrowser
class PasskeysBrowserTest {

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  @TempDir Path folder;

  @Test
  void aPasskeyAddedOnTheProfileLogsInFromTheLoginPageAndIsRemovedWithThePassword()
      throws Exception {
    BrowserScenarios scenarios = new BrowserScenarios("http://localhost:" + service.port());
    String cookies = folder.resolve("cookies.json").toString();

    scenarios.run(
        "passkeys",
        Map.of("BIENVENUE_PASSKEY_STEP", "register", "BIENVENUE_PASSKEY_COOKIES", cookies),
        "added",
        "login",
        "logged-in");
    service.clock().advance(Duration.ofMinutes(6));
    scenarios.run(
        "passkeys",
        Map.of("BIENVENUE_PASSKEY_STEP", "remove", "BIENVENUE_PASSKEY_COOKIES", cookies),
        "password-asked");
  }
}
