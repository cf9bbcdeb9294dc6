package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.EmailAlreadyRegisteredException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.InvalidResetTokenException;
import io.bienvenue.auth.failure.UnknownEmailException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.testing.Parallel;
import io.bienvenue.user.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The original's tasks 5, 8, 10, 12, 13, 16 and 18: the Auth service over a real database. */
class AuthTest {

  private static final Lifetimes LIFETIMES =
      new Lifetimes(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(15));

  @RegisterExtension
  final AuthFixture services = AuthFixture.development().withLifetimes(LIFETIMES);

  @Test
  void registerUserStoresABcryptHashNotThePassword() {
    User user = services.auth().registerUser("me@me.com", "mySecuredPwd");

    assertThat(user.email()).isEqualTo("me@me.com");
    assertThat(user.hashedPassword()).startsWith("$2b$").doesNotContain("mySecuredPwd");
    assertThat(services.hasher().verify("mySecuredPwd", user.hashedPassword())).isTrue();
  }

  @Test
  void registeringATakenEmailInAnyCaseFails() {
    services.auth().registerUser("me@me.com", "pwd");

    assertThatThrownBy(() -> services.auth().registerUser("me@me.com", "other"))
        .isInstanceOf(EmailAlreadyRegisteredException.class)
        .hasMessage("email already registered");
    assertThatThrownBy(() -> services.auth().registerUser("ME@Me.Com", "other"))
        .isInstanceOf(EmailAlreadyRegisteredException.class);
  }

  @Test
  void implausibleEmailsAndEmptyPasswordsAreRefused() {
    assertThatThrownBy(() -> services.auth().registerUser("not-an-email", "pwd"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("email");
    assertThatThrownBy(() -> services.auth().registerUser("a@b.c", ""))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> services.auth().validLogin("a b@c.d", "pwd"))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void concurrentRegistrationsOfOneEmailLetExactlyOneThrough() throws Exception {
    List<Boolean> outcomes =
        Parallel.run(
            20,
            i -> {
              try {
                services
                    .auth()
                    .registerUser(i % 2 == 0 ? "race@example.org" : "RACE@example.org", "pwd");
                return true;
              } catch (EmailAlreadyRegisteredException e) {
                return false;
              }
            });

    assertThat(outcomes).filteredOn(won -> won).hasSize(1);
  }

  @Test
  void validLoginIsTrueOnlyForTheRightEmailAndPassword() {
    services.auth().registerUser("bob@bob.com", "MyPwdOfBob");

    assertThat(services.auth().validLogin("bob@bob.com", "MyPwdOfBob")).isTrue();
    assertThat(services.auth().validLogin("BOB@bob.com", "MyPwdOfBob")).isTrue();
    assertThat(services.auth().validLogin("bob@bob.com", "mypwdofbob")).isFalse();
    assertThat(services.auth().validLogin("unknown@bob.com", "MyPwdOfBob")).isFalse();
  }

  @Test
  void whoamiNamesTheUserAndTheSessionAndHowItWasOpened() {
    User bob = services.auth().registerUser("bob@bob.com", "pwd");
    String loggedIn = services.auth().logIn("bob@bob.com", "pwd", "198.51.100.7").token();
    String created = services.auth().createSession("bob@bob.com").orElseThrow().token();

    LiveSession live = services.auth().whoami(loggedIn).orElseThrow();

    assertThat(live.user().publicId()).isEqualTo(bob.publicId());
    assertThat(live.twoFactorOn()).isFalse();
    assertThat(live.session().amr()).containsExactly("pwd");
    assertThat(services.auth().whoami(created).orElseThrow().session().amr())
        .as("a session started without a login")
        .isEmpty();
  }

  @Test
  void whoamiKnowsNoEndedSessionNorADisabledUser() {
    User bob = services.auth().registerUser("bob@bob.com", "pwd");
    String ended = services.auth().logIn("bob@bob.com", "pwd", "198.51.100.7").token();
    String kept = services.auth().logIn("bob@bob.com", "pwd", "198.51.100.7").token();
    services.auth().destroySession(ended);

    assertThat(services.auth().whoami(ended)).isEmpty();
    assertThat(services.auth().whoami(null)).isEmpty();
    assertThat(services.auth().whoami("not a token")).isEmpty();
    assertThat(services.auth().whoami(kept)).isPresent();
    services.users().updateUser(bob.id(), Map.of("disabled_at", services.clock().instant()));
    assertThat(services.auth().whoami(kept)).as("a disabled user").isEmpty();
  }

  @Test
  void createSessionReturnsAFreshTokenEachTime() {
    services.auth().registerUser("bob@bob.com", "pwd");

    IssuedSession first = services.auth().createSession("bob@bob.com").orElseThrow();
    IssuedSession second = services.auth().createSession("bob@bob.com").orElseThrow();

    assertThat(first.token()).isNotEqualTo(second.token());
    assertThat(first.lifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(first.toString()).doesNotContain(first.token());
    assertThat(services.auth().getUserFromSessionId(first.token())).isPresent();
    assertThat(services.auth().getUserFromSessionId(second.token())).isPresent();
    assertThat(services.auth().createSession("nobody@bob.com")).isEmpty();
  }

  @Test
  void liveTokensAreNowhereInTheDatabaseFiles() throws Exception {
    services.auth().registerUser("bob@bob.com", "pwd");
    String session = services.auth().createSession("bob@bob.com").orElseThrow().token();
    String reset = services.auth().getResetPasswordToken("bob@bob.com");
    assertThat(services.auth().getUserFromSessionId(session)).as("the session is live").isPresent();

    services.close();
    String files = databaseText();

    assertThat(files).contains("bob@bob.com").contains(Tokens.hash(session));
    assertThat(files).doesNotContain(session).doesNotContain(reset);
  }

  @Test
  void getUserFromSessionIdFindsTheSessionsUser() {
    User bob = services.auth().registerUser("bob@bob.com", "pwd");
    String token = services.auth().createSession("bob@bob.com").orElseThrow().token();

    assertThat(services.auth().getUserFromSessionId(token)).map(User::id).contains(bob.id());
    assertThat(services.auth().getUserFromSessionId(null)).isEmpty();
    assertThat(services.auth().getUserFromSessionId("")).isEmpty();
    assertThat(services.auth().getUserFromSessionId("x".repeat(43))).isEmpty();
    assertThat(services.auth().getUserFromSessionId("' OR '1'='1")).isEmpty();
  }

  @Test
  void aSessionUnusedForTheIdleTimeoutEnds() {
    services.auth().registerUser("bob@bob.com", "pwd");
    String token = services.auth().createSession("bob@bob.com").orElseThrow().token();

    services.clock().advance(Duration.ofMinutes(29));
    assertThat(services.auth().getUserFromSessionId(token)).isPresent();
    services.clock().advance(Duration.ofMinutes(29));
    assertThat(services.auth().getUserFromSessionId(token)).as("used 29 minutes ago").isPresent();
    services.clock().advance(Duration.ofMinutes(31));
    assertThat(services.auth().getUserFromSessionId(token)).as("idle for 31 minutes").isEmpty();
    services.clock().advance(Duration.ofMinutes(-31));
    assertThat(services.auth().getUserFromSessionId(token))
        .as("an ended session stays ended")
        .isEmpty();
  }

  @Test
  void aSessionEndsAtItsAbsoluteLifetimeHoweverActive() {
    services.auth().registerUser("bob@bob.com", "pwd");
    String token = services.auth().createSession("bob@bob.com").orElseThrow().token();

    for (int i = 0; i < 47; i++) {
      services.clock().advance(Duration.ofMinutes(15));
      assertThat(services.auth().getUserFromSessionId(token))
          .as("after %d quarters", i + 1)
          .isPresent();
    }
    services.clock().advance(Duration.ofMinutes(15));
    assertThat(services.auth().getUserFromSessionId(token)).as("after twelve hours").isEmpty();
  }

  @Test
  void destroySessionEndsOnlyThatSession() {
    services.auth().registerUser("bob@bob.com", "pwd");
    String phone = services.auth().createSession("bob@bob.com").orElseThrow().token();
    String laptop = services.auth().createSession("bob@bob.com").orElseThrow().token();

    assertThat(services.auth().destroySession(phone)).isTrue();
    assertThat(services.auth().destroySession(phone)).isFalse();
    assertThat(services.auth().getUserFromSessionId(phone)).isEmpty();
    assertThat(services.auth().getUserFromSessionId(laptop)).isPresent();
    assertThat(services.auth().destroySession("garbage")).isFalse();
  }

  @Test
  void getResetPasswordTokenIssuesATokenStoredOnlyAsAHash() {
    User bob = services.auth().registerUser("bob@bob.com", "pwd");

    String token = services.auth().getResetPasswordToken("bob@bob.com");

    User stored = services.users().findUserBy(Map.of("id", bob.id()));
    assertThat(stored.resetToken()).isPresent();
    assertThat(stored.resetToken().get()).isNotEqualTo(token).isEqualTo(Tokens.hash(token));
    assertThat(stored.resetTokenExpiresAt())
        .contains(services.clock().instant().plus(Duration.ofMinutes(15)));
    assertThatThrownBy(() -> services.auth().getResetPasswordToken("nobody@bob.com"))
        .isInstanceOf(UnknownEmailException.class);
  }

  @Test
  void updatePasswordChangesThePasswordAndVoidsTheTokenAndEverySession() {
    services.auth().registerUser("bob@bob.com", "old");
    String phone = services.auth().createSession("bob@bob.com").orElseThrow().token();
    String laptop = services.auth().createSession("bob@bob.com").orElseThrow().token();
    String token = services.auth().getResetPasswordToken("bob@bob.com");

    services.auth().updatePassword("bob@bob.com", token, "new");

    assertThat(services.auth().validLogin("bob@bob.com", "new")).isTrue();
    assertThat(services.auth().validLogin("bob@bob.com", "old")).isFalse();
    assertThat(services.auth().getUserFromSessionId(phone)).isEmpty();
    assertThat(services.auth().getUserFromSessionId(laptop)).isEmpty();
    assertThatThrownBy(() -> services.auth().updatePassword("bob@bob.com", token, "again"))
        .as("a used token is refused")
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(services.auth().validLogin("bob@bob.com", "new")).isTrue();
  }

  @Test
  void aResetTokenWorksOnlyForItsOwnEmail() {
    services.auth().registerUser("bob@bob.com", "pwd");
    services.auth().registerUser("eve@bob.com", "pwd");
    String token = services.auth().getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> services.auth().updatePassword("eve@bob.com", token, "owned"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThatThrownBy(() -> services.auth().updatePassword("nobody@bob.com", token, "owned"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(services.auth().validLogin("eve@bob.com", "pwd")).isTrue();
  }

  @Test
  void aNewResetTokenReplacesThePreviousOne() {
    services.auth().registerUser("bob@bob.com", "pwd");
    String first = services.auth().getResetPasswordToken("bob@bob.com");
    String second = services.auth().getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> services.auth().updatePassword("bob@bob.com", first, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    services.auth().updatePassword("bob@bob.com", second, "new");
    assertThat(services.auth().validLogin("bob@bob.com", "new")).isTrue();
  }

  @Test
  void aResetTokenExpires() {
    services.auth().registerUser("bob@bob.com", "pwd");
    String token = services.auth().getResetPasswordToken("bob@bob.com");

    services.clock().advance(Duration.ofMinutes(15));

    assertThatThrownBy(() -> services.auth().updatePassword("bob@bob.com", token, "new"))
        .isInstanceOf(InvalidResetTokenException.class);
    assertThat(services.auth().validLogin("bob@bob.com", "pwd")).isTrue();
  }

  @Test
  void aResetTokenIsSingleUseUnderConcurrency() throws Exception {
    services.auth().registerUser("bob@bob.com", "pwd");
    String token = services.auth().getResetPasswordToken("bob@bob.com");
    List<Boolean> outcomes =
        Parallel.run(
            10,
            i -> {
              try {
                services.auth().updatePassword("bob@bob.com", token, "new-" + i);
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
    User user = services.users().addUser("imported@bob.com", imported);

    assertThatThrownBy(() -> services.auth().logIn("imported@bob.com", "wrong", "127.0.0.1"))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(services.users().findUserBy(Map.of("id", user.id())).hashedPassword())
        .as("a failed login changes nothing")
        .isEqualTo(imported);
    services.auth().logIn("imported@bob.com", "old password", "127.0.0.1");

    String upgraded = services.users().findUserBy(Map.of("id", user.id())).hashedPassword();
    assertThat(upgraded).startsWith("$2b$04$");
    assertThat(services.auth().validLogin("imported@bob.com", "old password")).isTrue();
  }

  @Test
  void aMalformedResetTokenIsRefusedWithoutHashingWork() {
    services.auth().registerUser("bob@bob.com", "pwd");
    services.auth().getResetPasswordToken("bob@bob.com");

    assertThatThrownBy(() -> services.auth().updatePassword("bob@bob.com", "not-a-token", "new"))
        .isInstanceOf(InvalidResetTokenException.class);
  }

  private String databaseText() throws Exception {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(services.folder())) {
      for (Path file : files.toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Test
  void aLoneSurrogateInAnyPasswordFieldIsRefusedNamingTheField() {
    assertThatThrownBy(() -> services.auth().registerUser("lone@example.org", "\ud800abc"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    services.auth().registerUser("lone@example.org", "?abc");
    assertThatThrownBy(() -> services.auth().logIn("lone@example.org", "\udfffabc", "10.0.0.1"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("password is not well-formed Unicode (it holds a lone UTF-16 surrogate)");
    String token = services.auth().getResetPasswordToken("lone@example.org");
    assertThatThrownBy(() -> services.auth().updatePassword("lone@example.org", token, "new\udbff"))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    assertThat(services.auth().validLogin("lone@example.org", "?abc")).isTrue();
  }
}
