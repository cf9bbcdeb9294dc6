package io.bienvenue.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Reads the users of the Flask original's SQLite database ({@code user.py}'s {@code users} table:
 * {@code id}, {@code email}, {@code hashed_password}, {@code session_id}, {@code reset_token}).
 *
 * <p>The file is opened read-only, so reading it never changes it. The original's {@code
 * _hash_password} returns bytes, which SQLAlchemy stores into its String column as a BLOB or as
 * TEXT depending on the driver: both read the same. Stateless and thread-safe.
 *
 * <p>It reads the file with plain JDBC rather than through the store: the file is another program's
 * database, with the original's schema rather than Bienvenue's, read once and never migrated, so
 * its one query stays here with the import that needs it.
 */
final class OriginalUsers {

  private OriginalUsers() {}

  /**
   * Returns every row of the {@code users} table of the SQLite database {@code file}, in {@code id}
   * order.
   *
   * @throws IllegalStateException if the file does not exist, is not a SQLite database, or has no
   *     {@code users} table with {@code email} and {@code hashed_password} columns; the message is
   *     one line that says which
   */
  static List<OriginalUser> read(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new IllegalStateException("cannot read " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("cannot read " + file + ": not a file");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement statement = connection.createStatement()) {
      Set<String> columns = columns(statement);
      if (columns.isEmpty()) {
        throw new IllegalStateException(
            file + " has no users table: is it the original's database?");
      }
      for (String needed : List.of("email", "hashed_password")) {
        if (!columns.contains(needed)) {
          throw new IllegalStateException(file + ": the users table has no " + needed + " column");
        }
      }
      String key = columns.contains("id") ? "id" : "rowid";
      return rows(statement, key);
    } catch (SQLException e) {
      if (e instanceof SQLiteException sqlite
          && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
        throw new IllegalStateException(file + " is not a SQLite database", e);
      }
      throw new IllegalStateException("cannot read " + file + ": " + firstLine(e), e);
    }
  }

  private static Set<String> columns(Statement statement) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (ResultSet row = statement.executeQuery("PRAGMA table_info(users)")) {
      while (row.next()) {
        columns.add(row.getString("name").toLowerCase(Locale.ROOT));
      }
    }
    return columns;
  }

  private static List<OriginalUser> rows(Statement statement, String key) throws SQLException {
    List<OriginalUser> users = new ArrayList<>();
    // key is "id" or "rowid", chosen above, never input.
    String sql = "SELECT " + key + ", email, hashed_password FROM users ORDER BY " + key;
    try (ResultSet row = statement.executeQuery(sql)) {
      while (row.next()) {
        users.add(new OriginalUser(row.getLong(1), text(row.getObject(2)), text(row.getObject(3))));
      }
    }
    return users;
  }

  /** A TEXT value as it is, a BLOB decoded as UTF-8 (a bcrypt hash is ASCII), NULL as "". */
  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
