package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.user.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's version 9 rebuilds {@code users} with {@code AUTOINCREMENT}: every row, id and foreign
 * key survives, the indexes are back, cascades still reach sessions, TOTP and recovery codes, and
 * the highest id ever used is never given again.
 */
class UserIdsMigrationTest {

  @TempDir Path folder;

  @Test
  void theRebuildKeepsEveryRowAndKeyAndNeverReusesAnId() throws Exception {
    String file = folder.resolve("before-v9.db").toString();
    Flyway older = OlderSchema.sqliteUpTo(file, "7");
    try (Connection connection = older.getConfiguration().getDataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys = ON");
      for (int id = 1; id <= 3; id++) {
        statement.executeUpdate(
            "INSERT INTO users (id, email, email_key, hashed_password, created_at, disabled_at,"
                + " email_verified_at, verification_token) VALUES ("
                + id
                + ", 'u"
                + id
                + "@example.org', 'u"
                + id
                + "@example.org', 'h"
                + id
                + "', 1000, NULL, 2000, 'vt"
                + id
                + "')");
        statement.executeUpdate(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at,"
                + " public_id) VALUES ("
                + id
                + ", 'token"
                + id
                + "', 1, 1, 9, 'p"
                + id
                + "')");
        statement.executeUpdate(
            "INSERT INTO totp (user_id, secret, created_at) VALUES (" + id + ", 'S', 1)");
        statement.executeUpdate(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES (" + id + ", 'c" + id + "')");
      }
      statement.executeUpdate("DELETE FROM users WHERE id = 2");
    }

    try (Database database = Database.open(file, 2)) {
      Jdbi jdbi = database.jdbi();
      String definition =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT sql FROM sqlite_master WHERE name = 'users'")
                      .mapTo(String.class)
                      .one());
      List<String> indexes =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT name FROM sqlite_master WHERE type = 'index'"
                              + " AND tbl_name = 'users' AND sql IS NOT NULL")
                      .mapTo(String.class)
                      .list());
      int broken =
          jdbi.withHandle(h -> h.createQuery("PRAGMA foreign_key_check").mapToMap().list()).size();
      int foreignKeys =
          jdbi.withHandle(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
      UserStore users = new UserStore(jdbi, MutableClock.startingNow());
      User third = users.findUserBy(Map.of("id", 3L));

      assertThat(definition).contains("AUTOINCREMENT");
      assertThat(indexes)
          .containsExactlyInAnyOrder(
              "users_email_key",
              "users_reset_token",
              "users_verification_token",
              "users_public_id");
      assertThat(broken).as("PRAGMA foreign_key_check").isZero();
      assertThat(foreignKeys).as("foreign keys on again on the pooled connection").isEqualTo(1);
      assertThat(third.email()).isEqualTo("u3@example.org");
      assertThat(third.hashedPassword()).isEqualTo("h3");
      assertThat(third.verificationToken()).contains("vt3");
      assertThat(count(jdbi, "sessions")).isEqualTo(2);

      assertThat(users.deleteUser(3)).isTrue();
      assertThat(count(jdbi, "sessions")).as("the cascade still reaches sessions").isEqualTo(1);
      assertThat(count(jdbi, "totp")).isEqualTo(1);
      assertThat(count(jdbi, "recovery_codes")).isEqualTo(1);
      assertThat(users.addUser("dave@example.org", "h").id())
          .as("id 3 was used: never again")
          .isEqualTo(4);
    }
  }

  private static long count(Jdbi jdbi, String table) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }
}
