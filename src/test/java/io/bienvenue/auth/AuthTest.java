package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestServices;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The original's tasks 5, 8, 10, 12, 13, 16 and 18: the Auth service over a real database. */
class AuthTest {

  private static final Lifetimes LIFETIMES =
      new Lifetimes(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(15));

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private TestServices services;
  private Auth auth;

  @BeforeEach
  void start() {
    services = new TestServices(folder, clock, LIFETIMES);
    auth = services.auth;
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void registerUserStoresABcryptHashNotThePassword() {
    User user = auth.registerUser("me@me.com", "mySecuredPwd");

    assertThat(user.email()).isEqualTo("me@me.com");
    assertThat(user.hashedPassword()).startsWith("$2b$").doesNotContain("mySecuredPwd");
    assertThat(services.hasher.verify("mySecuredPwd", user.hashedPassword())).isTrue();
  }

  @Test
  void registeringATakenEmailInAnyCaseFails() {
    auth.registerUser("me@me.com", "pwd");

    assertThatThrownBy(() -> auth.registerUser("me@me.com", "other"))
        .isInstanceOf(EmailAlreadyRegisteredException.class)
        .hasMessage("email already registered");
    assertThatThrownBy(() -> auth.registerUser("ME@Me.Com", "other"))
        .isInstanceOf(EmailAlreadyRegisteredException.class);
  }

  @Test
  void implausibleEmailsAndEmptyPasswordsAreRefused() {
    assertThatThrownBy(() -> auth.registerUser("not-an-email", "pwd"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("email");
    assertThatThrownBy(() -> auth.registerUser("a@b.c", ""))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> auth.validLogin("a b@c.d", "pwd"))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void concurrentRegistrationsOfOneEmailLetExactlyOneThrough() throws Exception {
    List<Boolean> outcomes =
        Parallel.run(
            20,
            i -> {
              try {
                auth.registerUser(i % 2 == 0 ? "race@example.org" : "RACE@example.org", "pwd");
                return true;
              } catch (EmailAlreadyRegisteredException e) {
                return false;
              }
            });

    assertThat(outcomes).filteredOn(won -> won).hasSize(1);
  }

  @Test
  void validLoginIsTrueOnlyForTheRightEmailAndPassword() {
    auth.registerUser("bob@bob.com", "MyPwdOfBob");

    assertThat(auth.validLogin("bob@bob.com", "MyPwdOfBob")).isTrue();
    assertThat(auth.validLogin("BOB@bob.com", "MyPwdOfBob")).isTrue();
    assertThat(auth.validLogin("bob@bob.com", "mypwdofbob")).isFalse();
    assertThat(auth.validLogin("unknown@bob.com", "MyPwdOfBob")).isFalse();
  }

  @Test
  void createSessionReturnsAFreshTokenEachTime() {
    auth.registerUser("bob@bob.com", "pwd");

    IssuedSession first = auth.createSession("bob@bob.com").orElseThrow();
    IssuedSession second = auth.createSession("bob@bob.com").orElseThrow();

    assertThat(first.token()).isNotEqualTo(second.token());
    assertThat(first.lifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(first.toString()).doesNotContain(first.token());
    assertThat(auth.getUserFromSessionId(first.token())).isPresent();
    assertThat(auth.getUserFromSessionId(second.token())).isPresent();
    assertThat(auth.createSession("nobody@bob.com")).isEmpty();
  }

  @Test
  void liveTokensAreNowhereInTheDatabaseFiles() throws Exception {
    auth.registerUser("bob@bob.com", "pwd");
    String session = auth.createSession("bob@bob.com").orElseThrow().token();
    String reset = auth.getResetPasswordToken("bob@bob.com");
    assertThat(auth.getUserFromSessionId(session)).as("the session is live").isPresent();

    services.close();
    String files = databaseText();

    assertThat(files).contains("bob@bob.com").contains(Tokens.hash(session));
    assertThat(files).doesNotContain(session).doesNotContain(reset);
    services = new TestServices(folder, clock, LIFETIMES);
  }

  @Test
  void getUserFromSessionIdFindsTheSessionsUser() {
    User bob = auth.registerUser("bob@bob.com", "pwd");
    String token = auth.createSession("bob@bob.com").orElseThrow().token();

    assertThat(auth.getUserFromSessionId(token)).map(User::id).contains(bob.id());
    assertThat(auth.getUserFromSessionId(null)).isEmpty();
    assertThat(auth.getUserFromSessionId("")).isEmpty();
    assertThat(auth.getUserFromSessionId("x".repeat(43))).isEmpty();
    assertThat(auth.getUserFromSessionId("' OR '1'='1")).isEmpty();
  }

  @Test
  void aSessionUnusedForTheIdleTimeoutEnds() {
    auth.registerUser("bob@bob.com", "pwd");
    String token = auth.createSession("bob@bob.com").orElseThrow().token();

    clock.advance(Duration.ofMinutes(29));
    assertThat(auth.getUserFromSessionId(token)).isPresent();
    clock.advance(Duration.ofMinutes(29));
    assertThat(auth.getUserFromSessionId(token)).as("used 29 minutes ago").isPresent();
    clock.advance(Duration.ofMinutes(31));
    assertThat(auth.getUserFromSessionId(token)).as("idle for 31 minutes").isEmpty();
    clock.advance(Duration.ofMinutes(-31));
    assertThat(auth.getUserFromSessionId(token)).as("an ended session stays ended").isEmpty();
  }

  @Test
  void aSessionEndsAtItsAbsoluteLifetimeHoweverActive() {
    auth.registerUser("bob@bob.com", "pwd");
    String token = auth.createSession("bob@bob.com").orElseThrow().token();

    for (int i = 0; i < 47; i++) {
      clock.advance(Duration.ofMinutes(15));
      assertThat(auth.getUserFromSessionId(token)).as("after %d quarters", i + 1).isPresent();
    }
    clock.advance(Duration.ofMinutes(15));
    assertThat(auth.getUserFromSessionId(token)).as("after twelve hours").isEmpty();
  }

  @Test
  void destroySessionEndsOnlyThatSession() {
    auth.registerUser("bob@bob.com", "pwd");
    String phone = auth.createSession("bob@bob.com").orElseThrow().token();
    String laptop = auth.createSession("bob@bob.com").orElseThrow().token();

    assertThat(auth.destroySession(phone)).isTrue();
    assertThat(auth.destroySession(phone)).isFalse();
    assertThat(auth.getUserFromSessionId(phone)).isEmpty();
    assertThat(auth.getUserFromSessionId(laptop)).isPresent();
    assertThat(auth.destroySession("garbage")).isFalse();
  }

  @Test
  void getResetPasswordTokenIssuesATokenStoredOnlyAsAHash() {
    User bob = auth.registerUser("bob@bob.com", "pwd");

    String token = auth.getResetPasswordToken("bob@bob.com");

    User stored = services.users.findUserBy(Map.of("id", bob.id()));
    assertThat(stored.resetToken()).isPresent();
    assertThat(stored.resetToken().get()).isNotEqualTo(token).isEqualTo(Tokens.hash(token));
    assertThat(stored.resetTokenExpiresAt()).contains(clock.instant().plus(Duration.ofMinutes(15)));
    assertThatThrownBy(() -> auth.getResetPasswordToken("nobody@bob.com"))
        .isInstanceOf(UnknownEmailException.class);
  }

  @Test
  void updatePasswordChangesThePasswordAndVoidsTheTokenAndEverySession() {
    auth.registerUser("bob@bob.com", "old");
    String phone = auth.createSession("bob@bob.com").orElseThrow().token();
    String laptop = auth.createSession("bob@bob.com").orElseThrow().token();
    String token = auth.getResetPasswordToken("bob@bob.com");

    auth.updatePassword("bob@bob.com", token, "new");

    assertThat(auth.validLogin("bob@bob.com", "new")).isTrue();
    assertThat(auth.validLogin("bob@bob.com", "old")).isFalse();
    assertThat(auth.getUserFromSessionId(phone)).isEmpty();
    assertThat(auth.getUserFromSessionId(laptop)).isEmpty();
    assertThatThrownBy(() -> auth.updatePassword("bob@bob.com", token, "again"))
        .as("a used token is refused")
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(auth.validLogin("bob@bob.com", "new")).isTrue();
  }

  @Test
  void aResetTokenWorksOnlyForItsOwnEmail() {
    auth.registerUser("bob@bob.com", "pwd");
    auth.registerUser("eve@bob.com", "pwd");
    String token = auth.getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> auth.updatePassword("eve@bob.com", token, "owned"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThatThrownBy(() -> auth.updatePassword("nobody@bob.com", token, "owned"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(auth.validLogin("eve@bob.com", "pwd")).isTrue();
  }

  @Test
  void aNewResetTokenReplacesThePreviousOne() {
    auth.registerUser("bob@bob.com", "pwd");
    String first = auth.getResetPasswordToken("bob@bob.com");
    String second = auth.getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> auth.updatePassword("bob@bob.com", first, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    auth.updatePassword("bob@bob.com", second, "new");
    assertThat(auth.validLogin("bob@bob.com", "new")).isTrue();
  }

  @Test
  void aResetTokenExpires() {
    auth.registerUser("bob@bob.com", "pwd");
    String token = auth.getResetPasswordToken("bob@bob.com");

    clock.advance(Duration.ofMinutes(15));

    assertThatThrownBy(() -> auth.updatePassword("bob@bob.com", token, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(auth.validLogin("bob@bob.com", "pwd")).isTrue();
  }

  @Test
  void aResetTokenIsSingleUseUnderConcurrency() throws Exception {
    auth.registerUser("bob@bob.com", "pwd");
    String token = auth.getResetPasswordToken("bob@bob.com");
    List<Boolean> outcomes =
        Parallel.run(
            10,
            i -> {
              try {
                auth.updatePassword("bob@bob.com", token, "new-" + i);
                return true;
              } catch (InvalidResetTokenException e) {
                return false;
              }
            });

    assertThat(outcomes).filteredOn(won -> won).hasSize(1);
  }

  @Test
  void aHashOfAnotherCostIsUpgradedOnTheNextSuccessfulLogin() {
    String imported = BCrypt.hashpw("old password", BCrypt.gensalt("$2b", 5));
    User user = services.users.addUser("imported@bob.com", imported);

    assertThatThrownBy(() -> auth.logIn("imported@bob.com", "wrong", "127.0.0.1"))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(services.users.findUserBy(Map.of("id", user.id())).hashedPassword())
        .as("a failed login changes nothing")
        .isEqualTo(imported);
    auth.logIn("imported@bob.com", "old password", "127.0.0.1");

    String upgraded = services.users.findUserBy(Map.of("id", user.id())).hashedPassword();
    assertThat(upgraded).startsWith("$2b$04$");
    assertThat(auth.validLogin("imported@bob.com", "old password")).isTrue();
  }

  @Test
  void aMalformedResetTokenIsRefusedWithoutHashingWork() {
    auth.registerUser("bob@bob.com", "pwd");
    auth.getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> auth.updatePassword("bob@bob.com", "not-a-token", "new"))
        .isInstanceOf(InvalidResetTokenException.class);
  }

  private String databaseText() throws Exception {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Test
  void aLoneSurrogateInAnyPasswordFieldIsRefusedNamingTheField() {
    assertThatThrownBy(() -> auth.registerUser("lone@example.org", "\ud800abc"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    auth.registerUser("lone@example.org", "?abc");
    assertThatThrownBy(() -> auth.logIn("lone@example.org", "\udfffabc", "10.0.0.1"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("password is not well-formed Unicode (it holds a lone UTF-16 surrogate)");
    String token = auth.getResetPasswordToken("lone@example.org");
    assertThatThrownBy(() -> auth.updatePassword("lone@example.org", token, "new\udbff"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    assertThat(auth.validLogin("lone@example.org", "?abc")).isTrue();
  }
}
