package io.bienvenue.browser;

import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web pages in a real browser: Debian's chromium, headless, driven by Playwright, against the
 * whole service started by its composition root on a random port (development mode, a fresh SQLite
 * file). Each test is one scenario of {@code src/test/browser/scenarios/}; see {@link
 * BrowserScenarios}. Screenshots land in {@code target/browser/}.
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  private BrowserScenarios scenarios;

  @BeforeAll
  void start() {
    scenarios = new BrowserScenarios("http://127.0.0.1:" + service.port());
  }

  @Test
  void aPersonSignsUpLogsInSeesTheProfileAndLogsOut() throws IOException, InterruptedException {
    scenarios.run("signup-login-logout", "signup", "profile");
  }

  @Test
  void aFailedLoginIsExplainedInWordsUpToTheWaitAfterTooManyAttempts()
      throws IOException, InterruptedException {
    scenarios.run("failed-login", "wrong-password", "too-many-attempts");
  }

  @Test
  void aForgottenPasswordIsResetOnTheResetPageAndTheNewOneLogsIn()
      throws IOException, InterruptedException {
    scenarios.run("reset-password", "reset");
  }

  @Test
  void aVerificationLinkConfirmsOnlyOnAPressAndOneThatNoLongerWorksIsExplained()
      throws IOException, InterruptedException {
    scenarios.run("verify-email", "confirm", "resend");
  }

  @Test
  void everyPageHasTheStrictPolicyAndLogsNoErrorOrViolation()
      throws IOException, InterruptedException {
    scenarios.run("content-security-policy", "profile");
  }

  @Test
  void theKeyboardAloneLogsInAndOut() throws IOException, InterruptedException {
    scenarios.run("keyboard-login", "error-focused");
  }

  @Test
  void theLoginPageAsksForAOneTimeCodeWhenTheServiceDoes()
      throws IOException, InterruptedException {
    scenarios.run("one-time-code", "code", "recovery-code");
  }

  @Test
  void aChangedPasswordLogsTheOtherDeviceOutAndOnlyTheNewOneLogsIn()
      throws IOException, InterruptedException {
    scenarios.run("change-password", "changed");
  }

  @Test
  void theOtherDevicesSessionEndedFromTheListIsLoggedOut()
      throws IOException, InterruptedException {
    scenarios.run("sessions", "two-devices");
  }

  @Test
  void twoStepLoginIsSetUpUsedWithACodeAndARecoveryCodeAndTurnedOff()
      throws IOException, InterruptedException {
    scenarios.run("two-factor", "enrol", "recovery-codes");
  }

  @Test
  void loginSignUpAndLogoutReturnToAnAllowedAddressAndOtherwiseToTheProfile()
      throws IOException, InterruptedException {
    scenarios.run("return-to", "landed");
  }

  @Test
  void aDeletedAccountsEmailCanSignUpAgain() throws IOException, InterruptedException {
    scenarios.run("delete-account", "confirm");
  }
}
