package io.bienvenue.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A SQLite database of the Flask original's shape ({@code user.py}'s {@code users} table), with six
 * rows for the import tests: alice (hash stored as a BLOB, as the original's bytes are), bob (as
 * TEXT), ALICE again in other case, carol with no bcrypt hash, dave (a BLOB, with a live session
 * and a reset token), and a row whose email is no address.
 */
public final class OriginalDatabase {

  /** alice's hash, of the password {@code alice-pw}. */
  public static final String ALICE_HASH = BCrypt.hashpw("alice-pw", BCrypt.gensalt("$2b", 4));

  /** bob's hash, of {@code b0b-pw}. */
  public static final String BOB_HASH = BCrypt.hashpw("b0b-pw", BCrypt.gensalt("$2b", 4));

  /** dave's hash, of {@code d4ve-pw}. */
  public static final String DAVE_HASH = BCrypt.hashpw("d4ve-pw", BCrypt.gensalt("$2b", 4));

  /** The hash of the duplicate alice and of the row with no address, of {@code other}. */
  public static final String OTHER_HASH = BCrypt.hashpw("other", BCrypt.gensalt("$2b", 4));

  /** The report of importing it into an empty database. */
  public static final List<String> FIRST_REPORT =
      List.of(
          "imported 3 users, skipped 3 rows",
          "id 3: duplicate email (same as id 1)",
          "id 4: malformed bcrypt hash",
          "id 6: malformed email");

  private OriginalDatabase() {}

  /** Creates the database in the new file {@code file} and returns it. */
  public static Path create(Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE users (
              id INTEGER PRIMARY KEY,
              email VARCHAR(250) NOT NULL,
              hashed_password VARCHAR(250) NOT NULL,
              session_id VARCHAR(250),
              reset_token VARCHAR(250))
          """);
      insert(connection, 1, "alice@example.org", ALICE_HASH.getBytes(StandardCharsets.US_ASCII));
      insert(connection, 2, "bob@example.org", BOB_HASH);
      insert(connection, 3, "ALICE@Example.ORG", OTHER_HASH);
      insert(connection, 4, "carol@example.org", "not-a-bcrypt-hash");
      insert(connection, 5, "dave@example.org", DAVE_HASH.getBytes(StandardCharsets.US_ASCII));
      insert(connection, 6, "not an email", OTHER_HASH);
      statement.execute(
          "UPDATE users SET session_id = 'a-live-session', reset_token = 'a-reset-token'"
              + " WHERE id = 5");
    }
    return file;
  }

  private static void insert(Connection connection, int id, String email, Object hash)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO users (id, email, hashed_password) VALUES (?, ?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, email);
      if (hash instanceof byte[] bytes) {
        insert.setBytes(3, bytes);
      } else {
        insert.setString(3, (String) hash);
      }
      insert.executeUpdate();
    }
  }
}
