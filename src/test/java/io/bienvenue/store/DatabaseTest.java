package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path folder;

  @Test
  void openingANewFileCreatesTheSchemaInWalMode() {
    Path file = folder.resolve("new.db");
    try (Database database = Database.open(file.toString(), 2)) {
      var tables =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                          .mapTo(String.class)
                          .list());
      String journal =
          database
              .jdbi()
              .withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
      int synchronous =
          database
              .jdbi()
              .withHandle(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());

      assertThat(tables).contains("users", "sessions", "flyway_schema_history");
      assertThat(journal).isEqualToIgnoringCase("wal");
      assertThat(synchronous).as("FULL").isEqualTo(2);
    }
    assertThat(file).exists();
  }

  @Test
  void reopeningAnExistingDatabaseKeepsItsData() {
    String file = folder.resolve("kept.db").toString();
    try (Database database = Database.open(file, 2)) {
      new UserStore(database.jdbi(), java.time.Clock.systemUTC()).addUser("a@b.c", "h");
    }
    try (Database database = Database.open(file, 2)) {
      assertThat(
              new UserStore(database.jdbi(), java.time.Clock.systemUTC())
                  .findUserBy(java.util.Map.of("email", "a@b.c")))
          .isNotNull();
    }
  }

  @Test
  void aJdbcSqliteUrlIsAccepted() {
    String url = "jdbc:sqlite:" + folder.resolve("url.db");
    try (Database database = Database.open(url, 2)) {
      assertThat(database.jdbi()).isNotNull();
    }
    assertThat(folder.resolve("url.db")).exists();
  }

  @Test
  void unusableLocationsAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> Database.open(folder.resolve("missing/dir/x.db").toString(), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Database.open("mysql://root:secret@db/x", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Database.open(" ", 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
