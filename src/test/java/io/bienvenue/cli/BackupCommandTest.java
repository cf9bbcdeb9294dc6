package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.store.SqliteBackups;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} on SQLite: an online copy taken during a burst of writes holds
 * every write acknowledged before it began and is sound; restore puts it in place in one step; bad
 * targets and bad backups are refused, changing nothing.
 */
class BackupCommandTest {

  private static final String PASSWORD = "pwd-of-a-user";

  private final Cli cli = new Cli();

  @TempDir Path folder;

  private static long usersWithEmail(String location, List<String> emails) {
    try (Database database = Database.openExisting(location, 1)) {
      return database
          .jdbi()
          .withHandle(
              handle ->
                  handle
                      .createQuery("SELECT count(*) FROM users WHERE email IN (<emails>)")
                      .bindList("emails", emails)
                      .mapTo(Long.class)
                      .one());
    }
  }

  private static String permissions(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void aBackupTakenDuringABurstOfWritesHoldsEveryWriteAcknowledgedBeforeItBegan() throws Exception {
    Path backup = folder.resolve("backup.db");
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> before;
    try (ServiceOnDatabase service = ServiceOnDatabase.start(TestDatabase.sqlite(folder))) {
      ApiClient api = service.running.client;
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; writing.get(); i++) {
                  String email = "user" + i + "@example.org";
                  if (api.postForm("/users", Map.of("email", email, "password", PASSWORD)).status()
                      == 200) {
                    acknowledged.add(email);
                  }
                }
              });
      writer.start();
      while (acknowledged.size() < 20) {
        Thread.sleep(5);
      }

      before = List.copyOf(acknowledged);
      int status =
          cli.run("backup", "--database", service.database.location(), "--to", backup.toString());
      int afterBackup = acknowledged.size();
      while (acknowledged.size() < afterBackup + 5) {
        Thread.sleep(5);
      }
      writing.set(false);
      writer.join();

      assertThat(status).as(cli.err()).isZero();
      assertThat(usersWithEmail(service.database.location(), acknowledged))
          .as("the service went on writing during the backup")
          .isEqualTo(acknowledged.size());
    }

    assertThat(cli.out()).contains("backed up to " + backup).contains("integrity ok");
    assertThat(cli.out()).contains("the secrets key is not in the backup");
    assertThat(permissions(backup)).isEqualTo("rw-------");
    Path restored = Files.createDirectories(folder.resolve("restored")).resolve("bienvenue.db");
    cli.clear();
    assertThat(cli.run("restore", "--database", restored.toString(), "--from", backup.toString()))
        .as(cli.err())
        .isZero();
    assertThat(cli.out()).contains("restored " + restored).contains("integrity ok");
    assertThat(SqliteBackups.check(restored).schemaVersion()).isNotBlank();
    assertThat(permissions(restored)).isEqualTo("rw-------");
    assertThat(usersWithEmail(restored.toString(), before))
        .as("every registration acknowledged before the backup began")
        .isEqualTo(before.size());
  }

  @Test
  void aBackupNeverOverwritesAFileAndNeedsAnSqliteDatabaseThatExists() throws Exception {
    String database = folder.resolve("bienvenue.db").toString();
    Path taken = Files.writeString(folder.resolve("taken.db"), "mine");

    assertThat(cli.run("backup", "--database", database, "--to", folder.resolve("b.db").toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("there is no database at");
    assertThat(folder.resolve("b.db")).doesNotExist();
    assertThat(cli.run("migrate", "--database", database)).isZero();
    assertThat(cli.run("backup", "--database", database, "--to", taken.toString())).isEqualTo(1);
    assertThat(cli.err()).contains("exists: a backup never overwrites a file");
    assertThat(Files.readString(taken)).isEqualTo("mine");
    cli.clear();
    assertThat(
            cli.run(
                "backup",
                "--database",
                "postgresql://ops@127.0.0.1:1/bienvenue",
                "--to",
                folder.resolve("pg.db").toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("use pg_dump");
  }

  @Test
  void restoreRefusesADamagedBackupAndAnExistingDatabaseUnlessToldToReplaceIt() throws Exception {
    String database = folder.resolve("bienvenue.db").toString();
    assertThat(cli.run("migrate", "--database", database)).isZero();
    Path backup = folder.resolve("backup.db");
    assertThat(cli.run("backup", "--database", database, "--to", backup.toString())).isZero();
    Path damaged = Files.writeString(folder.resolve("damaged.db"), "SQLite format 3\0garbage");
    Path target = Files.createDirectories(folder.resolve("live")).resolve("bienvenue.db");
    assertThat(cli.run("restore", "--database", target.toString(), "--from", backup.toString()))
        .isZero();
    Path staleWal = target.resolveSibling("bienvenue.db-wal");
    Files.writeString(staleWal, "a log of the database being replaced");
    long before = Files.size(target);

    cli.clear();
    assertThat(cli.run("restore", "--database", target.toString(), "--from", damaged.toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("damaged.db");
    cli.clear();
    assertThat(cli.run("restore", "--database", target.toString(), "--from", backup.toString()))
        .isEqualTo(1);
    assertThat(cli.err())
        .contains("exists: stop the service, then run restore again with --replace");
    assertThat(Files.size(target)).isEqualTo(before);
    assertThat(staleWal).exists();

    assertThat(
            cli.run(
                "restore",
                "--database",
                target.toString(),
                "--from",
                backup.toString(),
                "--replace"))
        .isZero();
    assertThat(staleWal).as("the replaced database's log goes with it").doesNotExist();
    assertThat(target.resolveSibling("bienvenue.db.restoring")).doesNotExist();
    assertThat(SqliteBackups.check(target).users()).isZero();
  }
}
