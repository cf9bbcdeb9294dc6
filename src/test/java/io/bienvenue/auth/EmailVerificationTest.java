package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.EmailNotVerifiedException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidVerificationTokenException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.store.Stores;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.TestServices;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail verification through {@link Auth}, as production with {@code --require-verified-email}
 * runs it: the mail queued with the registration, the login refused until the token is used, the
 * token's expiry (by moving the clock), single use, and the limits on requests for mail.
 */
class EmailVerificationTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADDRESS = "198.51.100.7";
  private static final MailLimits LIMITS = new MailLimits(3, 5, Duration.ofHours(1));

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private TestServices services;
  private OutboxStore outbox;
  private Auth auth;

  @BeforeEach
  void start() {
    services = new TestServices(folder, clock, Lifetimes.DEFAULTS);
    Stores stores = Stores.on(services.database, clock);
    outbox = stores.outbox();
    auth = auth(new EmailVerification(true, EmailVerification.DEFAULT_TOKEN_LIFETIME));
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void registrationLeavesTheUserUnverifiedAndQueuesAVerificationMail() {
    User user = auth.registerUser(EMAIL, PASSWORD);

    assertThat(user.emailVerified()).isFalse();
    List<OutboxMessage> queued = outbox.claimDue(clock.instant(), Duration.ofMinutes(1), 10);
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).kind()).isEqualTo(Auth.EMAIL_VERIFICATION_MAIL);
    assertThat(queued.get(0).recipient()).isEqualTo(EMAIL);
  }

  @Test
  void aTakenEmailQueuesNoSecondMail() {
    auth.registerUser(EMAIL, PASSWORD);

    assertThatThrownBy(() -> auth.registerUser("ADA@example.org", PASSWORD))
        .isInstanceOf(EmailAlreadyRegisteredException.class);
    assertThat(PendingMail.count(services.database)).isEqualTo(1);
  }

  @Test
  void untilVerifiedTheRightPasswordIsRefusedWithNoSessionAndOthersStayIndistinguishable() {
    auth.registerUser(EMAIL, PASSWORD);

    assertThatThrownBy(() -> auth.logIn(EMAIL, PASSWORD, ADDRESS))
        .isInstanceOf(EmailNotVerifiedException.class)
        .hasMessage("email not verified");
    assertThatThrownBy(() -> auth.logIn(EMAIL, "wrong password", ADDRESS))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(() -> auth.logIn("nobody@example.org", PASSWORD, ADDRESS))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(services.sessions.deleteAllOfUser(userId())).isZero();
  }

  @Test
  void theTokenVerifiesTheEmailOnceAndThenTheLoginWorks() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = auth.issueVerificationToken(EMAIL).orElseThrow();

    auth.verifyEmail(EMAIL, token);

    assertThat(auth.logIn(EMAIL, PASSWORD, ADDRESS).token()).isNotBlank();
    assertThat(user().emailVerifiedAt()).contains(clock.instant());
    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, token))
        .isInstanceOf(InvalidVerificationTokenException.class)
        .hasMessage("invalid verification token");
    assertThat(auth.issueVerificationToken(EMAIL)).as("no link for a verified email").isEmpty();
  }

  @Test
  void theTokenIsStoredOnlyAsItsHash() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = auth.issueVerificationToken(EMAIL).orElseThrow();

    assertThat(user().verificationToken()).contains(Tokens.hash(token));
  }

  @Test
  void anExpiredTokenIsRefused() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = auth.issueVerificationToken(EMAIL).orElseThrow();

    clock.advance(EmailVerification.DEFAULT_TOKEN_LIFETIME);

    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, token))
        .isInstanceOf(InvalidVerificationTokenException.class);
    assertThat(user().emailVerified()).isFalse();
  }

  @Test
  void aTokenJustBeforeItsExpiryWorks() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = auth.issueVerificationToken(EMAIL).orElseThrow();

    clock.advance(EmailVerification.DEFAULT_TOKEN_LIFETIME.minusSeconds(1));
    auth.verifyEmail(EMAIL, token);

    assertThat(user().emailVerified()).isTrue();
  }

  @Test
  void aNewTokenReplacesTheOldOne() {
    auth.registerUser(EMAIL, PASSWORD);
    String first = auth.issueVerificationToken(EMAIL).orElseThrow();
    String second = auth.issueVerificationToken(EMAIL).orElseThrow();

    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, first))
        .isInstanceOf(InvalidVerificationTokenException.class);
    auth.verifyEmail(EMAIL, second);
    assertThat(user().emailVerified()).isTrue();
  }

  @Test
  void aWrongMalformedOrOtherUsersTokenIsRefused() {
    auth.registerUser(EMAIL, PASSWORD);
    auth.registerUser("bob@example.org", PASSWORD);
    String bobs = auth.issueVerificationToken("bob@example.org").orElseThrow();
    auth.issueVerificationToken(EMAIL).orElseThrow();

    for (String token : List.of("A".repeat(43), "short", "' OR '1'='1", bobs)) {
      assertThatThrownBy(() -> auth.verifyEmail(EMAIL, token))
          .as(token)
          .isInstanceOf(InvalidVerificationTokenException.class);
    }
    assertThatThrownBy(() -> auth.verifyEmail("nobody@example.org", bobs))
        .isInstanceOf(InvalidVerificationTokenException.class);
    assertThat(user().emailVerified()).isFalse();
  }

  @Test
  void ofTenConcurrentUsesOfOneTokenExactlyOneSucceeds() throws Exception {
    auth.registerUser(EMAIL, PASSWORD);
    String token = auth.issueVerificationToken(EMAIL).orElseThrow();

    List<Boolean> won =
        Parallel.run(
            10,
            i -> {
              try {
                auth.verifyEmail(EMAIL, token);
                return true;
              } catch (InvalidVerificationTokenException e) {
                return false;
              }
            });

    assertThat(won).filteredOn(w -> w).hasSize(1);
  }

  @Test
  void theVerificationStepComesBeforeTheOneTimeCode() {
    auth.registerUser(EMAIL, PASSWORD);
    auth.verifyEmail(EMAIL, auth.issueVerificationToken(EMAIL).orElseThrow());
    String session = auth.logIn(EMAIL, PASSWORD, ADDRESS).token();
    TotpEnrolment enrolment = auth.startTotpEnrolment(session, PASSWORD, ADDRESS);
    auth.confirmTotp(session, Authenticator.code(enrolment.secret(), clock.instant()), ADDRESS);
    Map<String, Object> unverified = new HashMap<>();
    unverified.put("email_verified_at", null);
    services.users.updateUser(userId(), unverified);

    assertThatThrownBy(
            () -> auth.logIn(EMAIL, PASSWORD, Optional.empty(), SessionOrigin.of(ADDRESS, "test")))
        .isInstanceOf(EmailNotVerifiedException.class);
  }

  @Test
  void aResendQueuesTheSameWorkForEveryEmailAndTheMailDecidesWhoGetsALink() {
    auth.registerUser(EMAIL, PASSWORD);
    auth.registerUser("verified@example.org", PASSWORD);
    auth.verifyEmail(
        "verified@example.org", auth.issueVerificationToken("verified@example.org").orElseThrow());
    long before = PendingMail.count(services.database);

    auth.requestVerificationLink(EMAIL, ADDRESS);
    auth.requestVerificationLink("verified@example.org", ADDRESS);
    auth.requestVerificationLink("nobody@example.org", ADDRESS);

    assertThat(PendingMail.count(services.database)).isEqualTo(before + 3);
    assertThat(auth.issueVerificationToken(EMAIL)).isPresent();
    assertThat(auth.issueVerificationToken("verified@example.org")).isEmpty();
    assertThat(auth.issueVerificationToken("nobody@example.org")).isEmpty();
  }

  @Test
  void requestsForMailAreLimitedPerEmailWhetherOrNotItIsRegistered() {
    for (String email : List.of(EMAIL, "nobody@example.org")) {
      for (int i = 0; i < LIMITS.perEmail(); i++) {
        auth.requestVerificationLink(email, "192.0.2." + i);
      }
      assertThatThrownBy(() -> auth.requestVerificationLink(email, "192.0.2.200"))
          .as(email)
          .isInstanceOf(TooManyAttemptsException.class)
          .hasMessageStartingWith("too many mails asked for");
    }
  }

  @Test
  void resetMailsAndVerificationLinksShareTheLimitsAndTheWindowEnds() {
    auth.registerUser(EMAIL, PASSWORD); // its verification mail counts as the first
    for (int i = 0; i < LIMITS.perEmail() - 2; i++) {
      auth.requestVerificationLink(EMAIL, ADDRESS);
    }
    assertThat(auth.requestPasswordReset(EMAIL, ADDRESS)).isEmpty();

    TooManyAttemptsException refused =
        (TooManyAttemptsException) catchThrowable(() -> auth.requestPasswordReset(EMAIL, ADDRESS));
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isEqualTo(LIMITS.window().toSeconds());
    long pending = PendingMail.count(services.database);
    assertThatThrownBy(() -> auth.requestVerificationLink(EMAIL, ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(PendingMail.count(services.database))
        .as("a refused request queues nothing")
        .isEqualTo(pending);

    clock.advance(LIMITS.window());
    auth.requestVerificationLink(EMAIL, ADDRESS);
    assertThat(PendingMail.count(services.database)).isEqualTo(pending + 1);
  }

  @Test
  void requestsForMailAreLimitedPerAddressOverEveryEmail() {
    for (int i = 0; i < LIMITS.perAddress(); i++) {
      auth.requestPasswordReset("user" + i + "@example.org", ADDRESS);
    }

    assertThatThrownBy(() -> auth.requestVerificationLink("other@example.org", ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    auth.requestVerificationLink("other@example.org", "203.0.113.9");
  }

  @Test
  void withoutTheRequirementUsersAreVerifiedAtOnceAndNoMailIsQueued() {
    Auth relaxed = auth(EmailVerification.OFF);

    User user = relaxed.registerUser(EMAIL, PASSWORD);

    assertThat(user.emailVerifiedAt()).contains(clock.instant());
    assertThat(PendingMail.count(services.database)).isZero();
    assertThat(relaxed.logIn(EMAIL, PASSWORD, ADDRESS).token()).isNotBlank();
  }

  @Test
  void inDevelopmentAResendSendsNothing() {
    services.auth.registerUser(EMAIL, "pwd");

    services.auth.requestVerificationLink(EMAIL, ADDRESS);

    assertThat(PendingMail.count(services.database)).isZero();
  }

  @Test
  void onlyAServiceThatSendsMailCanRequireVerification() {
    EmailVerification required = new EmailVerification(true, Duration.ofHours(1));

    assertThatThrownBy(() -> AuthSettings.DEVELOPMENT.withVerification(required))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EmailVerification(true, Duration.ZERO))
        .hasMessageContaining("--verification-token-lifetime");
  }

  private Auth auth(EmailVerification verification) {
    return services.auth(ProductionConfigs.authSettings(verification, LIMITS));
  }

  private User user() {
    return services.users.findUserBy(Map.of("email", EMAIL));
  }

  private long userId() {
    return user().id();
  }
}
