package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.PasskeyStore;
import io.bienvenue.store.StoredPasskey;
import io.bienvenue.store.UserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user passkeys} and {@code user passkey-remove}, run in-process against a real SQLite. */
class UserPasskeysCommandTest {

  private static final String PUBLIC_KEY = "AAGUID-AND-COSE-KEY-MATERIAL";

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private String database;
  private long adaId;

  @BeforeEach
  void start() {
    database = folder.resolve("admin.db").toString();
    assertThat(cliRun("migrate", "--database=" + database)).isZero();
    try (Database opened = Database.open(database, 2)) {
      UserStore users = new UserStore(opened.jdbi(), Clock.systemUTC());
      adaId = users.addUser("ada@example.org", "h", false).id();
      users.addUser("bob@example.org", "h", false);
    }
  }

  private int cliRun(String... args) {
    cli.clear();
    return cli.run(args);
  }

  private void addPasskey(long userId, String id, String name, Optional<Instant> lastUsed) {
    try (Database opened = Database.open(database, 2)) {
      StoredPasskey passkey =
          new StoredPasskey(
              id,
              userId,
              "credential-" + id,
              PUBLIC_KEY,
              0,
              true,
              false,
              false,
              List.of("internal"),
              name,
              Instant.parse("2026-01-02T03:04:05Z"),
              Optional.empty());
      assertThat(new PasskeyStore(opened.jdbi()).add(passkey, 10)).isTrue();
      lastUsed.ifPresent(
          at ->
              assertThat(new PasskeyStore(opened.jdbi()).recordUse(id, 0, 1, false, at)).isTrue());
    }
  }

  @Test
  void aUserWithoutPasskeysListsAnEmptyArray() {
    assertThat(cliRun("user", "passkeys", "ada@example.org", "--database=" + database)).isZero();

    assertThat(cli.out()).isEqualTo("[]" + System.lineSeparator());
  }

  @Test
  void listsIdNameAndDatesInOneLineButNeverKeyMaterial() {
    addPasskey(adaId, "pk-1", "Laptop", Optional.of(Instant.parse("2026-02-03T04:05:06Z")));
    addPasskey(adaId, "pk-2", "Phone", Optional.empty());

    assertThat(cliRun("user", "passkeys", "ada@example.org", "--database=" + database)).isZero();

    assertThat(cli.out())
        .isEqualTo(
            "[{\"id\":\"pk-1\",\"name\":\"Laptop\",\"created_at\":\"2026-01-02T03:04:05Z\","
                + "\"last_used_at\":\"2026-02-03T04:05:06Z\"},"
                + "{\"id\":\"pk-2\",\"name\":\"Phone\",\"created_at\":\"2026-01-02T03:04:05Z\","
                + "\"last_used_at\":null}]"
                + System.lineSeparator())
        .doesNotContain(PUBLIC_KEY)
        .doesNotContain("credential-");
  }

  @Test
  void removesOnePasskeyWithoutAPasswordAndTheListNoLongerShowsIt() {
    addPasskey(adaId, "pk-1", "Laptop", Optional.empty());
    addPasskey(adaId, "pk-2", "Phone", Optional.empty());

    assertThat(
            cliRun("user", "passkey-remove", "ada@example.org", "pk-1", "--database=" + database))
        .isZero();
    assertThat(cli.out()).contains("removed passkey pk-1 of ada@example.org");

    assertThat(cliRun("user", "passkeys", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("\"pk-2\"").doesNotContain("pk-1");
  }

  @Test
  void anUnknownEmailIsRefusedOnStandardError() {
    assertThat(cliRun("user", "passkeys", "nobody@example.org", "--database=" + database))
        .isEqualTo(1);
    assertThat(cli.err()).contains("email not registered");
    assertThat(cli.out()).isEmpty();

    assertThat(
            cliRun(
                "user", "passkey-remove", "nobody@example.org", "pk-1", "--database=" + database))
        .isEqualTo(1);
    assertThat(cli.err()).contains("email not registered");
  }

  @Test
  void anUnknownIdOrAnotherUsersPasskeyIsRefusedAndKept() {
    addPasskey(adaId, "pk-1", "Laptop", Optional.empty());

    assertThat(
            cliRun("user", "passkey-remove", "ada@example.org", "pk-9", "--database=" + database))
        .isEqualTo(1);
    assertThat(cli.err()).contains("no such passkey");

    assertThat(
            cliRun("user", "passkey-remove", "bob@example.org", "pk-1", "--database=" + database))
        .isEqualTo(1);
    assertThat(cli.err()).contains("no such passkey");

    assertThat(cliRun("user", "passkeys", "ada@example.org", "--database=" + database)).isZero();
    assertThat(cli.out()).contains("\"pk-1\"");
  }
}
