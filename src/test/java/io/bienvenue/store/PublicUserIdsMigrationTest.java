package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.user.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 10 gives the users registered before it a public id each, random and unique, and marks
 * their sessions as opened with a password; the users registered after it get ids of the same
 * shape.
 */
class PublicUserIdsMigrationTest {

  private static final String PUBLIC_ID = "[0-9a-f]{32}";

  @TempDir Path folder;

  @Test
  void usersBeforeTheMigrationGetPublicIdsOfTheirOwnAndTheirSessionsAPasswordLogin()
      throws Exception {
    String file = folder.resolve("before-v10.db").toString();
    Flyway older = OlderSchema.sqliteUpTo(file, "9");
    try (Connection connection = older.getConfiguration().getDataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (int id = 1; id <= 2; id++) {
        statement.executeUpdate(
            "INSERT INTO users (id, email, email_key, hashed_password, created_at) VALUES ("
                + id
                + ", 'u"
                + id
                + "@example.org', 'u"
                + id
                + "@example.org', 'h', 1000)");
        statement.executeUpdate(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at,"
                + " public_id) VALUES ("
                + id
                + ", 'token"
                + id
                + "', 1, 1, 9, 'p"
                + id
                + "')");
      }
    }

    try (Database database = Database.open(file, 2)) {
      UserStore users = new UserStore(database.jdbi(), MutableClock.startingNow());
      SessionStore sessions = new SessionStore(database.jdbi());
      User first = users.findUserBy(Map.of("id", 1L));
      User second = users.findUserBy(Map.of("id", 2L));
      User later = users.addUser("later@example.org", "h");

      assertThat(first.publicId()).matches(PUBLIC_ID);
      assertThat(second.publicId()).matches(PUBLIC_ID).isNotEqualTo(first.publicId());
      assertThat(later.publicId()).matches(PUBLIC_ID).isNotIn(first.publicId(), second.publicId());
      assertThat(sessions.findWithUser("token1").orElseThrow().session().amr())
          .containsExactly("pwd");
      assertThat(users.findUserBy(Map.of("public_id", first.publicId())).id()).isEqualTo(1L);
    }
  }
}
