package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Postgres;
import io.bienvenue.testing.Postgres.ThrowawayDatabase;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.user.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Version 10 on PostgreSQL with rows from before it, as {@link PublicUserIdsMigrationTest} on
 * SQLite: a database migrated to version 9 with users and sessions is migrated to the latest; every
 * user gets a public id of 32 hex digits of its own, every session the method {@code pwd}, and the
 * unique index and the NOT NULL on {@code users.public_id} hold afterwards.
 */
@RequiresPostgres
class PublicUserIdsMigrationOnPostgresTest {

  private static final String PUBLIC_ID = "[0-9a-f]{32}";
  private static final int USERS = 40;

  private ThrowawayDatabase throwaway;

  @BeforeEach
  void create() {
    throwaway = Postgres.createDatabase();
  }

  @AfterEach
  void drop() {
    throwaway.close();
  }

  @Test
  void usersBeforeTheMigrationGetDistinctPublicIdsAndTheirSessionsAPasswordLogin()
      throws Exception {
    Flyway older = OlderSchema.postgresUpTo(throwaway.url(), "9");
    List<Long> ids = new ArrayList<>();
    try (Connection connection = older.getConfiguration().getDataSource().getConnection()) {
      for (int n = 1; n <= USERS; n++) {
        long id = insertUser(connection, "u" + n + "@example.org");
        ids.add(id);
        insertSession(connection, id, "token" + n + "a");
        insertSession(connection, id, "token" + n + "b");
      }
    }

    try (Database database = Database.open(throwaway.url(), 2)) {
      UserStore users = new UserStore(database.jdbi(), MutableClock.startingNow());
      SessionStore sessions = new SessionStore(database.jdbi());
      Set<String> publicIds = new HashSet<>();
      for (long id : ids) {
        User user = users.findUserBy(Map.of("id", id));
        assertThat(user.publicId()).as("user %d", id).matches(PUBLIC_ID);
        publicIds.add(user.publicId());
        assertThat(users.findUserBy(Map.of("public_id", user.publicId())).id()).isEqualTo(id);
      }
      User later = users.addUser("later@example.org", "h");

      assertThat(publicIds).as("one public id per user").hasSize(USERS);
      assertThat(later.publicId()).matches(PUBLIC_ID).isNotIn(publicIds);
      for (int n = 1; n <= USERS; n++) {
        for (String suffix : List.of("a", "b")) {
          assertThat(sessions.findWithUser("token" + n + suffix).orElseThrow().session().amr())
              .containsExactly("pwd");
        }
      }
      assertThat(count(database.jdbi(), "SELECT COUNT(*) FROM sessions WHERE amr IS NULL"))
          .isZero();
      assertThat(
              refusal(
                  database.jdbi(),
                  "UPDATE users SET public_id = ? WHERE id = ?",
                  publicIdOf(users, ids.get(0)),
                  ids.get(1)))
          .as("the unique index on users.public_id")
          .isEqualTo("23505");
      assertThat(
              refusal(
                  database.jdbi(), "UPDATE users SET public_id = NULL WHERE id = ?", ids.get(2)))
          .as("users.public_id is NOT NULL")
          .isEqualTo("23502");
    }
  }

  private static long insertUser(Connection connection, String email) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO users (email, email_key, hashed_password, created_at)"
                + " VALUES (?, ?, 'h', 1000) RETURNING id")) {
      insert.setString(1, email);
      insert.setString(2, email);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void insertSession(Connection connection, long userId, String token)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at,"
                + " public_id) VALUES (?, ?, 1, 1, ?, ?)")) {
      insert.setLong(1, userId);
      insert.setString(2, token);
      insert.setLong(3, Long.MAX_VALUE / 2);
      insert.setString(4, "p-" + token);
      insert.executeUpdate();
    }
  }

  private static String publicIdOf(UserStore users, long id) {
    return users.findUserBy(Map.of("id", id)).publicId();
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
  }

  /** The SQLSTATE with which PostgreSQL refuses {@code sql} run with {@code values}. */
  private static String refusal(Jdbi jdbi, String sql, Object... values) {
    Throwable thrown =
        catchThrowable(
            () ->
                jdbi.useHandle(
                    handle -> {
                      Update update = handle.createUpdate(sql);
                      for (int i = 0; i < values.length; i++) {
                        update.bind(i, values[i]);
                      }
                      update.execute();
                    }));
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException refused) {
        return refused.getSQLState();
      }
    }
    return "no refusal: " + thrown;
  }
}
