package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.AuthException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidOneTimeCodeException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.failure.TwoFactorStateException;
import io.bienvenue.auth.failure.WrongPasswordException;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.twofactor.TotpCodes;
import io.bienvenue.auth.twofactor.TotpConfirmation;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.user.SessionOrigin;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two-factor login (TOTP) through {@link Auth}: enrolment, logins, recovery codes, turning off. */
class TwoFactorTest {

  private static final String EMAIL = "ada@example.org";
  private static final String ADDRESS = "198.51.100.7";

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  private String session;
  private List<String> recoveryCodes;

  @BeforeEach
  void start() {
    services.auth().registerUser(EMAIL, "pwd");
    session = services.auth().logIn(EMAIL, "pwd", ADDRESS).token();
  }

  @Test
  void enrolmentGivesASecretItsOtpauthUriAndAQrCode() {
    TotpEnrolment enrolment = services.auth().startTotpEnrolment(session, "pwd", ADDRESS);

    assertThat(enrolment.secret()).matches("[A-Z2-7]{32}");
    URI uri = enrolment.uri();
    assertThat(uri.toString()).startsWith("otpauth://totp/Bienvenue:ada%40example.org?");
    assertThat(uri.getQuery())
        .contains("secret=" + enrolment.secret())
        .contains("issuer=Bienvenue")
        .contains("digits=6")
        .contains("period=30");
    assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
  }

  @Test
  void aPendingEnrolmentDoesNotChangeLoginsAndAWrongCodeDoesNotConfirmIt() {
    TotpEnrolment enrolment = services.auth().startTotpEnrolment(session, "pwd", ADDRESS);

    assertThatThrownBy(
            () -> services.auth().confirmTotp(session, wrongCode(enrolment.secret()), ADDRESS))
        .isInstanceOf(InvalidOneTimeCodeException.class)
        .hasMessage("invalid one-time code");
    assertThat(services.auth().logIn(EMAIL, "pwd", ADDRESS).token()).isNotEmpty();
  }

  @Test
  void confirmingGivesTenDistinctRecoveryCodesStoredOnlyAsHashes() {
    enable();

    List<String> stored =
        services
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT code_hash FROM recovery_codes")
                        .mapTo(String.class)
                        .list());

    assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
    assertThat(recoveryCodes).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
    assertThat(new HashSet<>(stored)).hasSize(10);
    for (String code : recoveryCodes) {
      assertThat(stored).noneMatch(hash -> hash.contains(code.replace("-", "")));
      assertThat(stored).noneMatch(hash -> hash.equalsIgnoreCase(code.replace("-", "")));
    }
  }

  @Test
  void withTheSecondFactorOnALoginNeedsAFreshCode() {
    String secret = enable();
    services.clock().advance(Authenticator.STEP);

    assertThatThrownBy(() -> logIn(Optional.empty()))
        .isInstanceOf(OneTimeCodeRequiredException.class)
        .hasMessage("one-time code required");
    assertThatThrownBy(() -> logIn(Optional.of(wrongCode(secret))))
        .isInstanceOf(InvalidOneTimeCodeException.class);
    String code = Authenticator.code(secret, services.clock().instant());
    IssuedSession opened = logIn(Optional.of(code));

    assertThat(services.auth().getUserFromSessionId(opened.token())).isPresent();
    assertThat(services.auth().sessionsOf(session)).hasSize(2);
  }

  @Test
  void aReplayedCodeIsRefused() {
    String secret = enable();
    services.clock().advance(Authenticator.STEP);
    String code = Authenticator.code(secret, services.clock().instant());
    logIn(Optional.of(code));

    assertThatThrownBy(() -> logIn(Optional.of(code)))
        .as("the same code again")
        .isInstanceOf(InvalidOneTimeCodeException.class);
    String previous =
        Authenticator.code(secret, services.clock().instant().minus(Authenticator.STEP));
    assertThatThrownBy(() -> logIn(Optional.of(previous)))
        .as("an older step's code, inside the window but before the last accepted")
        .isInstanceOf(InvalidOneTimeCodeException.class);
  }

  @Test
  void ofTenConcurrentLoginsWithOneCodeExactlyOneGetsASession() throws Exception {
    String secret = enable();
    services.clock().advance(Authenticator.STEP);
    String code = Authenticator.code(secret, services.clock().instant());

    List<Boolean> won =
        Parallel.run(
            10,
            i -> {
              try {
                logIn(Optional.of(code));
                return true;
              } catch (InvalidOneTimeCodeException e) {
                return false;
              }
            });

    assertThat(won).filteredOn(w -> w).hasSize(1);
  }

  @Test
  void codesFromTooLongAgoAreRefused() {
    String secret = enable();
    String old = Authenticator.code(secret, services.clock().instant());
    services.clock().advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> logIn(Optional.of(old)))
        .isInstanceOf(InvalidOneTimeCodeException.class);
  }

  @Test
  void aRecoveryCodeWorksOnceInPlaceOfACode() {
    enable();
    List<String> recovery = recoveryCodes;

    IssuedSession opened = logIn(Optional.of(recovery.get(0).toUpperCase().replace("-", " ")));

    assertThat(services.auth().getUserFromSessionId(opened.token())).isPresent();
    assertThatThrownBy(() -> logIn(Optional.of(recovery.get(0))))
        .as("a used recovery code is refused")
        .isInstanceOf(InvalidOneTimeCodeException.class);
    assertThat(logIn(Optional.of(recovery.get(1))).token()).isNotEmpty();
  }

  @Test
  void wrongCodesCountTowardTheLoginThrottle() {
    String secret = enable();
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> logIn(Optional.of(wrongCode(secret))))
          .isInstanceOf(InvalidOneTimeCodeException.class);
    }
    services.clock().advance(Authenticator.STEP);

    assertThatThrownBy(
            () -> logIn(Optional.of(Authenticator.code(secret, services.clock().instant()))))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void withoutTheRightPasswordTheCodeIsNeverLookedAt() {
    String secret = enable();
    services.clock().advance(Authenticator.STEP);
    String code = Authenticator.code(secret, services.clock().instant());

    assertThatThrownBy(
            () ->
                services
                    .auth()
                    .logIn(EMAIL, "wrong", Optional.of(code), SessionOrigin.of(ADDRESS, null)))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(
            () ->
                services
                    .auth()
                    .logIn(
                        "nobody@example.org",
                        "pwd",
                        Optional.empty(),
                        SessionOrigin.of(ADDRESS, null)))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(logIn(Optional.of(code)).token()).as("the code was not used up").isNotEmpty();
  }

  @Test
  void enrollingTwiceOrConfirmingNothingIsRefused() {
    assertThatThrownBy(() -> services.auth().confirmTotp(session, "123456", ADDRESS))
        .isInstanceOf(TwoFactorStateException.class)
        .hasMessage("no two-factor enrolment is pending");
    enable();

    assertThatThrownBy(() -> services.auth().startTotpEnrolment(session, "pwd", ADDRESS))
        .isInstanceOf(TwoFactorStateException.class)
        .hasMessage("two-factor login is already on");
    assertThatThrownBy(() -> services.auth().confirmTotp(session, "123456", ADDRESS))
        .isInstanceOf(TwoFactorStateException.class);
  }

  @Test
  void turningItOffTakesThePasswordAndAFreshCode() {
    String secret = enable();
    services.clock().advance(Authenticator.STEP);
    String code = Authenticator.code(secret, services.clock().instant());

    assertThatThrownBy(() -> services.auth().disableTotp(session, "wrong", code, ADDRESS))
        .isInstanceOf(WrongPasswordException.class);
    assertThatThrownBy(
            () -> services.auth().disableTotp(session, "pwd", wrongCode(secret), ADDRESS))
        .isInstanceOf(InvalidOneTimeCodeException.class);
    services.auth().disableTotp(session, "pwd", code, ADDRESS);

    assertThat(logIn(Optional.empty()).token()).isNotEmpty();
    assertThatThrownBy(() -> services.auth().disableTotp(session, "pwd", code, ADDRESS))
        .isInstanceOf(TwoFactorStateException.class)
        .hasMessage("two-factor login is not on");
  }

  @Test
  void aRecoveryCodeTurnsItOffToo() {
    enable();

    services.auth().disableTotp(session, "pwd", recoveryCodes.get(3), ADDRESS);

    assertThat(logIn(Optional.empty()).token()).isNotEmpty();
  }

  @Test
  void deletingTheAccountRemovesItsSecondFactor() {
    enable();

    services.auth().deleteAccount(session, "pwd", ADDRESS);

    assertThat(rows("SELECT count(*) FROM totp")).isZero();
    assertThat(rows("SELECT count(*) FROM recovery_codes")).isZero();
  }

  @Test
  void aStolenSessionAloneCannotStartAnEnrolment() {
    assertThatThrownBy(
            () -> services.auth().startTotpEnrolment(session, "not the password", ADDRESS))
        .isInstanceOf(WrongPasswordException.class);
    assertThatThrownBy(() -> services.auth().startTotpEnrolment(session, "", ADDRESS))
        .isInstanceOf(InvalidFieldException.class);

    assertThat(services.auth().twoFactorStatus(session).pending()).isFalse();
    assertThat(rows("SELECT count(*) FROM totp")).isZero();
    assertThat(logIn(Optional.empty()).token()).as("the owner still logs in alone").isNotEmpty();
  }

  @Test
  void turningItOnAndOffEndsTheOtherSessionsButNotThisOne() {
    String phone = logIn(Optional.empty()).token();
    String secret = services.auth().startTotpEnrolment(session, "pwd", ADDRESS).secret();

    TotpConfirmation on =
        services
            .auth()
            .confirmTotp(session, Authenticator.code(secret, services.clock().instant()), ADDRESS);

    assertThat(on.otherSessionsEnded()).isEqualTo(1);
    assertThat(services.auth().getUserFromSessionId(phone)).isEmpty();
    assertThat(services.auth().getUserFromSessionId(session)).isPresent();
    String laptop = logIn(Optional.of(on.recoveryCodes().get(0))).token();
    services.clock().advance(Authenticator.STEP);

    int ended =
        services
            .auth()
            .disableTotp(
                session, "pwd", Authenticator.code(secret, services.clock().instant()), ADDRESS);

    assertThat(ended).isEqualTo(1);
    assertThat(services.auth().getUserFromSessionId(laptop)).isEmpty();
    assertThat(services.auth().getUserFromSessionId(session)).isPresent();
  }

  @Test
  void theRightPasswordWithWrongCodesIsNoOracleWhenTurningItOff() {
    String secret = enable();
    String wrong = wrongCode(secret);
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> services.auth().disableTotp(session, "pwd", wrong, ADDRESS))
          .isInstanceOf(InvalidOneTimeCodeException.class);
    }
    services.clock().advance(Authenticator.STEP);
    String right = Authenticator.code(secret, services.clock().instant());

    assertThatThrownBy(() -> services.auth().disableTotp(session, "pwd", right, ADDRESS))
        .as("the right password cleared nothing: the limit holds, even for the right code")
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(services.auth().twoFactorStatus(session).enabled()).isTrue();
  }

  @Test
  void theRightPasswordWithWrongCodesReachesTheLimitAtLogin() {
    String secret = enable();
    String wrong = wrongCode(secret);
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> logIn(Optional.of(wrong)))
          .isInstanceOf(InvalidOneTimeCodeException.class);
    }
    services.clock().advance(Authenticator.STEP);

    assertThatThrownBy(
            () -> logIn(Optional.of(Authenticator.code(secret, services.clock().instant()))))
        .isInstanceOf(TooManyAttemptsException.class);
  }

  @Test
  void askingForTheCodeIsNoFailedAttempt() {
    enable();
    for (int i = 0; i < 2 * ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> logIn(Optional.empty()))
          .isInstanceOf(OneTimeCodeRequiredException.class);
    }

    assertThat(logIn(Optional.of(recoveryCodes.get(0))).token()).isNotEmpty();
  }

  @Test
  void wrongCodesWhenConfirmingAnEnrolmentAreThrottled() {
    String secret = services.auth().startTotpEnrolment(session, "pwd", ADDRESS).secret();
    String wrong = wrongCode(secret);
    for (int i = 0; i < ThrottlePolicy.DEFAULTS.perAccountAndAddress(); i++) {
      assertThatThrownBy(() -> services.auth().confirmTotp(session, wrong, ADDRESS))
          .isInstanceOf(InvalidOneTimeCodeException.class);
    }

    assertThatThrownBy(
            () ->
                services
                    .auth()
                    .confirmTotp(
                        session, Authenticator.code(secret, services.clock().instant()), ADDRESS))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(services.auth().twoFactorStatus(session).enabled()).isFalse();
  }

  @Test
  void aConfirmationRacingANewEnrolmentNeverTurnsOnASecretTheCodeWasNotCheckedAgainst()
      throws Exception {
    for (int round = 0; round < 40; round++) {
      String first = services.auth().startTotpEnrolment(session, "pwd", ADDRESS).secret();
      String code = Authenticator.code(first, services.clock().instant());
      List<Object> outcomes =
          Parallel.run(
              2,
              i -> {
                try {
                  return i == 0
                      ? services.auth().confirmTotp(session, code, ADDRESS)
                      : services.auth().startTotpEnrolment(session, "pwd", ADDRESS).secret();
                } catch (AuthException e) {
                  return e.getClass().getSimpleName();
                }
              });
      if (services.auth().twoFactorStatus(session).enabled()) {
        String on =
            services
                .database()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT 'totp:' || user_id || ' ' || secret FROM totp")
                            .mapTo(String.class)
                            .one());
        String[] row = on.split(" ");
        assertThat(TestSecrets.box().open(row[1], row[0]))
            .as("round %d: %s", round, outcomes)
            .isEqualTo(first);
        services.database().jdbi().useHandle(h -> h.execute("DELETE FROM totp"));
        session = logIn(Optional.empty()).token();
      }
      services.clock().advance(Authenticator.STEP);
    }
  }

  /** Enrols and confirms with the code of now; keeps the recovery codes. Returns the secret. */
  private String enable() {
    String secret = services.auth().startTotpEnrolment(session, "pwd", ADDRESS).secret();
    recoveryCodes =
        services
            .auth()
            .confirmTotp(session, Authenticator.code(secret, services.clock().instant()), ADDRESS)
            .recoveryCodes();
    return secret;
  }

  private IssuedSession logIn(Optional<String> otp) {
    return services.auth().logIn(EMAIL, "pwd", otp, SessionOrigin.of(ADDRESS, null));
  }

  /** A well-formed code that is none of the window's. */
  private String wrongCode(String secret) {
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (new TotpCodes().matchingStep(secret, code, services.clock().instant()).isEmpty()) {
        return code;
      }
    }
  }

  private long rows(String sql) {
    return services.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
