package io.bienvenue.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The machine's PostgreSQL server, when the environment provides one: {@code
 * BIENVENUE_TEST_POSTGRES_URL=postgresql://role:password@127.0.0.1:5432/database}, set by {@code
 * .ci/run}. The role may create databases: each test gets a throwaway database of its own.
 */
public final class Postgres {

  /** The environment variable naming the server. */
  public static final String URL_VARIABLE = "BIENVENUE_TEST_POSTGRES_URL";

  private Postgres() {}

  /** Tells whether a PostgreSQL server was provided. */
  public static boolean available() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** A database created for one test; closing drops it. */
  public record ThrowawayDatabase(String name, String url) implements AutoCloseable {
    @Override
    public void close() {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** Creates an empty database and returns its {@code postgresql://} URL. */
  public static ThrowawayDatabase createDatabase() {
    String name =
        "bienvenue_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
    URI server = URI.create(System.getenv(URL_VARIABLE));
    String url =
        server.getScheme()
            + "://"
            + server.getRawAuthority()
            + "/"
            + name
            + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
    return new ThrowawayDatabase(name, url);
  }

  /** Runs {@code sql} as the provided role, on the provided database. */
  public static void execute(String sql) {
    URI server = URI.create(System.getenv(URL_VARIABLE));
    String[] credentials = server.getUserInfo().split(":", 2);
    String jdbc = "jdbc:postgresql://" + server.getHost() + ":" + port(server) + server.getPath();
    try (Connection connection = DriverManager.getConnection(jdbc, credentials[0], credentials[1]);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL refused: " + sql, e);
    }
  }

  private static int port(URI server) {
    return server.getPort() < 0 ? 5432 : server.getPort();
  }
}
