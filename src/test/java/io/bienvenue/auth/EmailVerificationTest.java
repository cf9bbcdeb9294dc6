package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bienvenue.AuthServices;
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
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private OutboxStore outbox;
  private Auth auth;
  private MailLinks links;

  @BeforeEach
  void start() {
    Stores stores = services.stores();
    outbox = stores.outbox();
    AuthServices wired =
        wire(new EmailVerification(true, EmailVerification.DEFAULT_TOKEN_LIFETIME));
    auth = wired.auth();
    links = wired.mailLinks();
  }

  @Test
  void registrationLeavesTheUserUnverifiedAndQueuesAVerificationMail() {
    User user = auth.registerUser(EMAIL, PASSWORD);

    assertThat(user.emailVerified()).isFalse();
    List<OutboxMessage> queued =
        outbox.claimDue(services.clock().instant(), Duration.ofMinutes(1), 10);
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).kind()).isEqualTo(MailLinks.EMAIL_VERIFICATION_MAIL);
    assertThat(queued.get(0).recipient()).isEqualTo(EMAIL);
  }

  @Test
  void aTakenEmailQueuesNoSecondMail() {
    auth.registerUser(EMAIL, PASSWORD);

    assertThatThrownBy(() -> auth.registerUser("ADA@example.org", PASSWORD))
        .isInstanceOf(EmailAlreadyRegisteredException.class);
    assertThat(PendingMail.count(services.database())).isEqualTo(1);
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
    assertThat(services.sessions().deleteAllOfUser(userId())).isZero();
  }

  @Test
  void theTokenVerifiesTheEmailOnceAndThenTheLoginWorks() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

    auth.verifyEmail(EMAIL, token);

    assertThat(auth.logIn(EMAIL, PASSWORD, ADDRESS).token()).isNotBlank();
    assertThat(user().emailVerifiedAt()).contains(services.clock().instant());
    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, token))
        .isInstanceOf(InvalidVerificationTokenException.class)
        .hasMessage("invalid verification token");
    assertThat(links.verificationLink(EMAIL).map(MailLink::token))
        .as("no link for a verified email")
        .isEmpty();
  }

  @Test
  void theTokenIsStoredOnlyAsItsHash() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

    assertThat(user().verificationToken()).contains(Tokens.hash(token));
  }

  @Test
  void anExpiredTokenIsRefused() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

    services.clock().advance(EmailVerification.DEFAULT_TOKEN_LIFETIME);

    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, token))
        .isInstanceOf(InvalidVerificationTokenException.class);
    assertThat(user().emailVerified()).isFalse();
  }

  @Test
  void aTokenJustBeforeItsExpiryWorks() {
    auth.registerUser(EMAIL, PASSWORD);
    String token = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

    services.clock().advance(EmailVerification.DEFAULT_TOKEN_LIFETIME.minusSeconds(1));
    auth.verifyEmail(EMAIL, token);

    assertThat(user().emailVerified()).isTrue();
  }

  @Test
  void aNewTokenReplacesTheOldOne() {
    auth.registerUser(EMAIL, PASSWORD);
    String first = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();
    String second = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

    assertThatThrownBy(() -> auth.verifyEmail(EMAIL, first))
        .isInstanceOf(InvalidVerificationTokenException.class);
    auth.verifyEmail(EMAIL, second);
    assertThat(user().emailVerified()).isTrue();
  }

  @Test
  void aWrongMalformedOrOtherUsersTokenIsRefused() {
    auth.registerUser(EMAIL, PASSWORD);
    auth.registerUser("bob@example.org", PASSWORD);
    String bobs = links.verificationLink("bob@example.org").map(MailLink::token).orElseThrow();
    links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

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
    String token = links.verificationLink(EMAIL).map(MailLink::token).orElseThrow();

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
    auth.verifyEmail(EMAIL, links.verificationLink(EMAIL).map(MailLink::token).orElseThrow());
    String session = auth.logIn(EMAIL, PASSWORD, ADDRESS).token();
    TotpEnrolment enrolment = auth.startTotpEnrolment(session, PASSWORD, ADDRESS);
    auth.confirmTotp(
        session, Authenticator.code(enrolment.secret(), services.clock().instant()), ADDRESS);
    Map<String, Object> unverified = new HashMap<>();
    unverified.put("email_verified_at", null);
    services.users().updateUser(userId(), unverified);

    assertThatThrownBy(
            () -> auth.logIn(EMAIL, PASSWORD, Optional.empty(), SessionOrigin.of(ADDRESS, "test")))
        .isInstanceOf(EmailNotVerifiedException.class);
  }

  @Test
  void aResendQueuesTheSameWorkForEveryEmailAndTheMailDecidesWhoGetsALink() {
    auth.registerUser(EMAIL, PASSWORD);
    auth.registerUser("verified@example.org", PASSWORD);
    auth.verifyEmail(
        "verified@example.org",
        links.verificationLink("verified@example.org").map(MailLink::token).orElseThrow());
    long before = PendingMail.count(services.database());

    auth.requestVerificationLink(EMAIL, ADDRESS);
    auth.requestVerificationLink("verified@example.org", ADDRESS);
    auth.requestVerificationLink("nobody@example.org", ADDRESS);

    assertThat(PendingMail.count(services.database())).isEqualTo(before + 3);
    assertThat(links.verificationLink(EMAIL).map(MailLink::token)).isPresent();
    assertThat(links.verificationLink("verified@example.org").map(MailLink::token)).isEmpty();
    assertThat(links.verificationLink("nobody@example.org").map(MailLink::token)).isEmpty();
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
    long pending = PendingMail.count(services.database());
    assertThatThrownBy(() -> auth.requestVerificationLink(EMAIL, ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(PendingMail.count(services.database()))
        .as("a refused request queues nothing")
        .isEqualTo(pending);

    services.clock().advance(LIMITS.window());
    auth.requestVerificationLink(EMAIL, ADDRESS);
    assertThat(PendingMail.count(services.database())).isEqualTo(pending + 1);
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
    Auth relaxed = wire(EmailVerification.OFF).auth();

    User user = relaxed.registerUser(EMAIL, PASSWORD);

    assertThat(user.emailVerifiedAt()).contains(services.clock().instant());
    assertThat(PendingMail.count(services.database())).isZero();
    assertThat(relaxed.logIn(EMAIL, PASSWORD, ADDRESS).token()).isNotBlank();
  }

  @Test
  void inDevelopmentAResendSendsNothing() {
    services.auth().registerUser(EMAIL, "pwd");

    services.auth().requestVerificationLink(EMAIL, ADDRESS);

    assertThat(PendingMail.count(services.database())).isZero();
  }

  @Test
  void onlyAServiceThatSendsMailCanRequireVerification() {
    EmailVerification required = new EmailVerification(true, Duration.ofHours(1));

    assertThatThrownBy(() -> AuthSettings.DEVELOPMENT.withVerification(required))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EmailVerification(true, Duration.ZERO))
        .hasMessageContaining("--verification-token-lifetime");
  }

  private AuthServices wire(EmailVerification verification) {
    AuthSettings settings = ProductionConfigs.authSettings(verification, LIMITS);
    return services.wire(settings);
  }

  private User user() {
    return services.users().findUserBy(Map.of("email", EMAIL));
  }

  private long userId() {
    return user().id();
  }
}
