package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.Administration;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.failure.AccountDisabledException;
import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.failure.OneTimeCodeRequiredException;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.store.Database;
import io.bienvenue.store.UserStore;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.Schema;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's user and session commands, run in-process against a real database. */
class UserCommandTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private final InputStream stdin = System.in;
  private String database;

  @BeforeEach
  void start() {
    database = folder.resolve("admin.db").toString();
  }

  @AfterEach
  void restoreStdin() {
    System.setIn(stdin);
  }

  private int cliRun(String... args) {
    cli.clear();
    return cli.run(args);
  }

  private int add(String email, String password, String... more) {
    System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
    String[] args = new String[5 + more.length];
    args[0] = "user";
    args[1] = "add";
    args[2] = email;
    args[3] = "--database=" + database;
    args[4] = "--bcrypt-cost=4";
    System.arraycopy(more, 0, args, 5, more.length);
    return cliRun(args);
  }

  private Administration admin() {
    return Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC());
  }

  @Test
  void userAddReadsThePasswordFromStandardInputAndTheUserCanLogIn() {
    assertThat(add("ada@example.org", "from stdin")).isZero();

    assertThat(cli.out()).contains("added user").contains("ada@example.org");
    try (Administration admin = admin()) {
      assertThat(admin.auth().validLogin("ada@example.org", "from stdin")).isTrue();
    }
  }

  @Test
  void totpResetTurnsOffTheSecondFactorAndEndsTheSessions() {
    add("ada@example.org", "pw");
    String session;
    // The service enrols (the operator's commands hold no secrets key), the command resets.
    try (TestServices services =
        new TestServices(
            database, Clock.systemUTC(), Lifetimes.DEFAULTS, ThrottlePolicy.DEFAULTS, 4)) {
      Auth auth = services.auth;
      session = auth.logIn("ada@example.org", "pw", "198.51.100.1").token();
      String secret = auth.startTotpEnrolment(session, "pw", "198.51.100.1").secret();
      auth.confirmTotp(session, Authenticator.code(secret, Instant.now()), "198.51.100.1");
      assertThatThrownBy(() -> auth.logIn("ada@example.org", "pw", "198.51.100.1"))
          .isInstanceOf(OneTimeCodeRequiredException.class);
    }

    assertThat(cliRun("user", "totp-reset", "ada@example.org", "--database=" + database)).isZero();

    assertThat(cli.out())
        .contains("turned off two-factor login of ada@example.org; ended 1 session");
    try (Administration admin = admin()) {
      assertThat(admin.auth().getUserFromSessionId(session)).isEmpty();
      assertThat(admin.auth().logIn("ada@example.org", "pw", "198.51.100.1").token()).isNotEmpty();
    }
    assertThat(cliRun("user", "totp-reset", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("no second factor for ada@example.org; ended 1 session");
    assertThat(cliRun("user", "totp-reset", "nobody@example.org", "--database=" + database))
        .isEqualTo(1);
  }

  @Test
  void userAddRefusesATakenEmailAndAWeakPasswordInProduction() {
    add("ada@example.org", "pw");

    assertThat(add("ADA@example.org", "pw")).isEqualTo(1);
    assertThat(cli.err()).contains("email already registered");
    assertThat(add("bob@example.org", "short", "--production")).isEqualTo(1);
    assertThat(cli.err()).contains("at least 15 characters");
  }

  @Test
  void userListPagesAndSearches() {
    for (int i = 1; i <= 5; i++) {
      add("user" + i + "@example.org", "pw");
    }
    add("someone@other.org", "pw");

    assertThat(cliRun("user", "list", "--database=" + database, "--size=2", "--page=2")).isZero();
    assertThat(cli.out())
        .contains("user3@example.org", "user4@example.org")
        .doesNotContain("user1@example.org")
        .contains("page 2 of 3, 6 users in all");
    assertThat(cliRun("user", "list", "--database=" + database, "--search=OTHER")).isZero();
    assertThat(cli.out()).contains("someone@other.org").contains("1 user in all");
  }

  @Test
  void userShowPrintsTheUserWithoutItsHash() {
    add("ada@example.org", "pw");

    assertThat(cliRun("user", "show", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cli.out())
        .contains("email:      ada@example.org")
        .contains("enabled")
        .doesNotContain("$2b$");
    assertThat(cliRun("user", "show", "nobody@example.org", "--database=" + database)).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: email not registered");
  }

  @Test
  void aDisabledUserCannotLogInAndLosesItsSessionsUntilEnabled() {
    add("ada@example.org", "pw");
    String session;
    try (Administration admin = admin()) {
      session = admin.auth().logIn("ada@example.org", "pw", "127.0.0.1").token();
    }

    assertThat(cliRun("user", "disable", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("ended 1 session");
    try (Administration admin = admin()) {
      assertThat(admin.auth().getUserFromSessionId(session)).isEmpty();
      assertThatThrownBy(() -> admin.auth().logIn("ada@example.org", "pw", "127.0.0.1"))
          .isInstanceOf(AccountDisabledException.class);
      assertThatThrownBy(() -> admin.auth().logIn("ada@example.org", "wrong", "127.0.0.1"))
          .as("a wrong password still says nothing about the account")
          .isInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(cliRun("user", "enable", "ada@example.org", "--database=" + database)).isZero();
    try (Administration admin = admin()) {
      assertThat(admin.auth().logIn("ada@example.org", "pw", "127.0.0.1")).isNotNull();
    }
  }

  @Test
  void userVerifyMarksAnUnverifiedEmailVerifiedOnce() {
    try (Database opened = Database.open(database, 2)) {
      new UserStore(opened.jdbi(), Clock.systemUTC()).addUser("new@example.org", "h", false);
    }
    assertThat(cliRun("user", "show", "new@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("verified:   no");

    assertThat(cliRun("user", "verify", "new@example.org", "--database=" + database)).isZero();
    assertThat(cli.out().strip()).isEqualTo("verified new@example.org");
    assertThat(cliRun("user", "verify", "new@example.org", "--database=" + database)).isZero();
    assertThat(cli.out().strip()).isEqualTo("new@example.org was already verified");
    assertThat(cliRun("user", "show", "new@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("verified:   since ");
    assertThat(cliRun("user", "verify", "nobody@example.org", "--database=" + database))
        .isEqualTo(1);
  }

  @Test
  void userDeleteRemovesTheUserAndTheEmailCanRegisterAgain() {
    add("ada@example.org", "pw");

    assertThat(cliRun("user", "delete", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cliRun("user", "show", "ada@example.org", "--database=" + database)).isEqualTo(1);
    assertThat(add("ada@example.org", "new pw")).isZero();
    assertThat(cliRun("user", "delete", "nobody@example.org", "--database=" + database))
        .isEqualTo(1);
  }

  @Test
  void sessionsRevokeEndsEverySessionOfTheUserOnly() {
    add("ada@example.org", "pw");
    add("bob@example.org", "pw");
    String ada1;
    String ada2;
    String bob;
    try (Administration admin = admin()) {
      ada1 = admin.auth().logIn("ada@example.org", "pw", "127.0.0.1").token();
      ada2 = admin.auth().logIn("ada@example.org", "pw", "127.0.0.1").token();
      bob = admin.auth().logIn("bob@example.org", "pw", "127.0.0.1").token();
    }

    assertThat(cliRun("sessions", "revoke", "--user", "ada@example.org", "--database=" + database))
        .isZero();

    assertThat(cli.out()).contains("ended 2 sessions of ada@example.org");
    try (Administration admin = admin()) {
      assertThat(admin.auth().getUserFromSessionId(ada1)).isEmpty();
      assertThat(admin.auth().getUserFromSessionId(ada2)).isEmpty();
      assertThat(admin.auth().getUserFromSessionId(bob)).isPresent();
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"user", "--help"},
          {"user", "add", "--help"},
          {"user", "list", "--help"},
          {"user", "show", "--help"},
          {"user", "disable", "--help"},
          {"user", "enable", "--help"},
          {"user", "verify", "--help"},
          {"user", "totp-reset", "--help"},
          {"user", "delete", "--help"},
          {"sessions", "revoke", "--help"},
          {"migrate", "--help"}
        }) {
      assertThat(cliRun(command)).as(String.join(" ", command)).isZero();
      assertThat(cli.out()).as(String.join(" ", command)).contains("Usage:");
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres {

    @Test
    void everyOperatorCommandWorksOnPostgresToo() {
      try (TestDatabase postgres = TestDatabase.postgres()) {
        database = postgres.location();

        assertThat(add("ada@example.org", "pw")).isZero();
        assertThat(cliRun("user", "show", "ADA@example.org", "--database=" + database)).isZero();
        assertThat(cli.out()).contains("email:      ada@example.org");
        try (Administration admin = admin()) {
          admin.auth().logIn("ada@example.org", "pw", "127.0.0.1");
        }
        assertThat(
                cliRun("sessions", "revoke", "--user", "ada@example.org", "--database=" + database))
            .isZero();
        assertThat(cli.out()).contains("ended 1 session of ada@example.org");
        assertThat(cliRun("user", "disable", "ada@example.org", "--database=" + database)).isZero();
        assertThat(cliRun("user", "list", "--database=" + database)).isZero();
        assertThat(cli.out()).contains("ada@example.org").contains("disabled");
        assertThat(cliRun("user", "enable", "ada@example.org", "--database=" + database)).isZero();
        assertThat(cliRun("check", "--database=" + database)).isZero();
        assertThat(cli.out())
            .contains(
                "database: ok (postgresql, schema version "
                    + Schema.latestVersion()
                    + ", 0 pending");
        assertThat(cliRun("user", "delete", "ada@example.org", "--database=" + database)).isZero();
        assertThat(cliRun("user", "show", "ada@example.org", "--database=" + database))
            .isEqualTo(1);
      }
    }
  }
}
