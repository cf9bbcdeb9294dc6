package io.bienvenue.browser;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages in a real browser: Debian's chromium, headless, driven by Playwright, against the
 * whole service started by its composition root on a random port (development mode, a fresh SQLite
 * file). Each test is one scenario of {@code src/test/browser/scenarios/}; see {@link
 * BrowserScenarios}. Screenshots land in {@code target/browser/}.
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

  @TempDir static Path folder;
  private RunningService running;
  private BrowserScenarios scenarios;

  @BeforeAll
  void start() {
    running = new RunningService(folder, MutableClock.startingNow());
    scenarios = new BrowserScenarios("http://127.0.0.1:" + running.service.port());
  }

  @AfterAll
  void stop() {
    running.close();
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
  void aDeletedAccountsEmailCanSignUpAgain() throws IOException, InterruptedException {
    scenarios.run("delete-account", "confirm");
  }
}
