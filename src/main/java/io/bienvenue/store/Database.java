package io.bienvenue.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database the stores share: a pooled {@link DataSource}, migrated by Flyway on open, and the
 * {@link Jdbi} over it. Closing it closes the pool. Thread-safe.
 *
 * <p>SQLite runs in WAL mode (readers never wait for the writer) with {@code synchronous=FULL}
 * (every commit is on disk before the caller hears of it, so a 200 survives a crash or power cut),
 * a busy timeout instead of immediate "database is locked" errors, foreign keys on, and {@code
 * BEGIN IMMEDIATE} transactions (a transaction that will write takes the write lock first, so two
 * of them never deadlock upgrading a read lock).
 */
public final class Database implements AutoCloseable {

  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Opens the database at {@code location}, a file path or a {@code jdbc:sqlite:} URL, and migrates
   * it to the newest schema.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports, or a
   *     file path whose folder does not exist
   */
  public static Database open(String location, int maxConnections) {
    Objects.requireNonNull(location, "location");
    String url = jdbcUrl(location);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("bienvenue");
    pool.setDataSource(sqlite(url));
    pool.setMaximumPoolSize(maxConnections);
    pool.setMinimumIdle(1);
    HikariDataSource dataSource = new HikariDataSource(pool);
    try {
      migrate(dataSource, "classpath:db/migration/sqlite");
      return new Database(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** The Jdbi the stores and the transactor run their statements through. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Closes every pooled connection. */
  @Override
  public void close() {
    dataSource.close();
  }

  static String jdbcUrl(String location) {
    if (location.startsWith("jdbc:sqlite:")) {
      return location;
    }
    if (location.startsWith("jdbc:") || location.contains("://")) {
      throw new IllegalArgumentException(
          "unsupported database " + redacted(location) + ": use a file path or a jdbc:sqlite: URL");
    }
    if (location.isBlank()) {
      throw new IllegalArgumentException("the database path is empty");
    }
    Path folder = Path.of(location).toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("the database folder " + folder + " does not exist");
    }
    return "jdbc:sqlite:" + location;
  }

  private static String redacted(String location) {
    return location.replaceAll("//[^/@]*@", "//***@");
  }

  private static DataSource sqlite(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  private static void migrate(DataSource dataSource, String location) {
    Flyway.configure().dataSource(dataSource).locations(location).load().migrate();
  }
}
