package io.bienvenue.cluster;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the instances wrote, straight from PostgreSQL over plain JDBC, so that a check never
 * goes through the code under test (nor migrates anything).
 *
 * @param url the {@code postgresql://user:password@host:port/db} URL the instances were given
 */
record ClusterDatabase(String url) {

  /** The emails of the registered users whose email starts with {@code prefix}. */
  Set<String> emailsStartingWith(String prefix) throws SQLException {
    Set<String> emails = new HashSet<>();
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT email FROM users WHERE email LIKE ? || '%'")) {
      query.setString(1, prefix);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          emails.add(rows.getString(1));
        }
      }
    }
    return emails;
  }

  /** How many rows of Flyway's history name each schema version, and "failed" for failures. */
  Map<String, Long> migrationHistory() throws SQLException {
    Map<String, Long> history = new LinkedHashMap<>();
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                """
                SELECT CASE WHEN success THEN version ELSE 'failed' END, count(*)
                FROM flyway_schema_history
                WHERE version IS NOT NULL
                GROUP BY 1
                ORDER BY 1
                """);
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        history.put(rows.getString(1), rows.getLong(2));
      }
    }
    return history;
  }

  /** Tells whether the database has any table of its own yet. */
  boolean hasTables() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1) > 0;
    }
  }

  private Connection connect() throws SQLException {
    URI uri = URI.create(url);
    String[] credentials = uri.getRawUserInfo().split(":", 2);
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath(),
        decode(credentials[0]),
        decode(credentials[1]));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
