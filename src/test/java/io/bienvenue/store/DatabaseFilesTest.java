package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.bienvenue.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite files hold every hash and TOTP secret: they are the owner's alone whatever the umask,
 * and a deleted account's rows do not stay behind in the file's free pages.
 */
class DatabaseFilesTest {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @TempDir Path folder;

  @Test
  void theDatabaseAndItsWalAndShmAreOwnerOnlyUnderAUmaskThatLetsOthersRead() throws IOException {
    Path probe = Files.createFile(folder.resolve("probe"));
    assumeThat(Files.getPosixFilePermissions(probe))
        .as("this JVM's umask (022 or looser) lets others read a new file")
        .contains(PosixFilePermission.OTHERS_READ);
    Path file = folder.resolve("private.db");

    try (Database database = Database.open(file.toString(), 2)) {
      new UserStore(database.jdbi(), MutableClock.startingNow()).addUser("a@example.org", "h");
      Path wal = folder.resolve("private.db-wal");
      Path shm = folder.resolve("private.db-shm");

      assertThat(wal).exists();
      assertThat(shm).exists();
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OWNER_ONLY);
      assertThat(Files.getPosixFilePermissions(wal)).isEqualTo(OWNER_ONLY);
      assertThat(Files.getPosixFilePermissions(shm)).isEqualTo(OWNER_ONLY);
    }
  }

  @Test
  void aDeletedUsersTotpSecretIsNowhereInTheFilesAfterACheckpoint() throws IOException {
    Path file = folder.resolve("deleted.db");
    String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    try (Database database = Database.open(file.toString(), 2)) {
      MutableClock clock = MutableClock.startingNow();
      UserStore users = new UserStore(database.jdbi(), clock);
      long id = users.addUser("gone@example.org", "h").id();
      new TotpStore(database.jdbi()).startEnrolment(id, secret, clock.instant());
      checkpoint(database);

      assertThat(users.deleteUser(id)).isTrue();
      checkpoint(database);

      for (Path each : new Path[] {file, folder.resolve("deleted.db-wal")}) {
        if (Files.exists(each)) {
          String bytes = new String(Files.readAllBytes(each), StandardCharsets.ISO_8859_1);
          assertThat(bytes.contains(secret)).as("the secret in %s", each.getFileName()).isFalse();
          assertThat(bytes.contains("gone@example.org"))
              .as("the email in %s", each.getFileName())
              .isFalse();
        }
      }
    }
  }

  /** Copies every committed page from the WAL into the main file, and empties the WAL. */
  private static void checkpoint(Database database) {
    database
        .jdbi()
        .useHandle(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().one());
  }
}
