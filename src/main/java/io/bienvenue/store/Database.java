package io.bienvenue.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.StatementExceptions.MessageRendering;
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
 * of them never deadlock upgrading a read lock). A lock held longer than the busy timeout by
 * another process is an outage ({@link StoreFailures#isOutage}), as a PostgreSQL that is down.
 *
 * <p>The SQLite files are their owner's alone ({@code 0600}, whatever the umask; see {@link
 * SqliteFiles}), and {@code secure_delete} is on: a deleted row does not stay in free pages.
 *
 * <p>A failed statement's exception says what failed, never with its bound arguments: Jdbi's
 * message rendering is {@code NONE}, so no email or hash reaches a log or the CLI's error line.
 *
 * <p>PostgreSQL connections time out: five seconds to connect or to get a pooled connection, thirty
 * for a statement's reply. A database that goes away makes requests fail fast rather than hang, and
 * the pool reconnects by itself when it is back. Flyway takes a lock in the database while it
 * migrates, so instances started at once against an empty database migrate it exactly once.
 */
public final class Database implements AutoCloseable {

  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
  private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
  private static final String POSTGRESQL_CONNECT_TIMEOUT_SECONDS = "5";
  private static final String POSTGRESQL_SOCKET_TIMEOUT_SECONDS = "30";
  private static final int MESSAGE_LINES = 3;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final DatabaseLocation where;
  private volatile MigrateResult migration;

  private Database(HikariDataSource dataSource, DatabaseLocation where) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    // Jdbi's default message renders the statement with its bound arguments (emails, bcrypt
    // hashes) into every exception, hence into logs and the CLI's one line: the cause's own text
    // is enough to say what failed.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(MessageRendering.NONE);
    if (where.dialect() == Dialect.SQLITE) {
      jdbi.setStatementBuilderFactory(new SqliteStatementCache());
    }
    this.where = where;
  }

  /**
   * Opens the database at {@code location} (see {@link DatabaseLocation}: a file path or a SQLite
   * or PostgreSQL URL) and migrates it to the newest schema.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   * @throws IllegalStateException if the database cannot be reached or migrated; the message says
   *     where, never with the password
   */
  public static Database open(String location, int maxConnections) {
    return open(location, maxConnections, new CompositeMeterRegistry());
  }

  /**
   * Opens the database as {@link #open(String, int)} does, reporting the connection pool's use to
   * {@code metrics} ({@code hikaricp_connections_*}).
   */
  public static Database open(String location, int maxConnections, MeterRegistry metrics) {
    Database database = connect(location, maxConnections, metrics);
    try {
      database.migrate();
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Connects to the database at {@code location} for commands that only read or rehearse: it must
   * exist and be at the newest schema already, since nothing is created or migrated here.
   *
   * @throws IllegalStateException if there is no database there yet (a missing SQLite file, which
   *     is not created, or a database without the schema), if it is behind the newest schema, or if
   *     it cannot be reached; the message says which
   */
  public static Database openExisting(String location, int maxConnections) {
    Status status = inspect(location);
    String where = redact(location);
    if (status.isEmpty()) {
      throw new IllegalStateException(
          "there is no database at "
              + where
              + " yet, so nothing to read: `bienvenue migrate` or `bienvenue serve` creates it");
    }
    if (status.pendingMigrations() > 0) {
      throw new IllegalStateException(
          "the database "
              + where
              + " is at schema version "
              + status.schemaVersion()
              + ", "
              + status.pendingMigrations()
              + " migration(s) behind this version: run `bienvenue migrate` first");
    }
    return connect(location, maxConnections, new CompositeMeterRegistry());
  }

  /**
   * Connects to the database at {@code location} as {@link #open(String, int, MeterRegistry)} does,
   * without migrating it: the caller runs {@link #migrate} before any statement, and may build what
   * needs no statement meanwhile (the service does, on another core).
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   * @throws IllegalStateException if the database cannot be reached; the message says where, never
   *     with the password
   */
  public static Database connect(String location, int maxConnections, MeterRegistry metrics) {
    DatabaseLocation where = DatabaseLocation.parse(location);
    try {
      return new Database(pool(where, maxConnections, metrics), where);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the database " + where + ": " + rootMessage(e, where), e);
    }
  }

  /**
   * Migrates the database to the newest schema, as {@link #open(String, int)} does. The connections
   * stay open if it fails.
   *
   * @throws IllegalStateException if the database cannot be migrated; the message says where and
   *     why, never with the password
   */
  public void migrate() {
    try {
      migration =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(where.dialect().migrations())
              .load()
              .migrate();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot migrate the database " + where + ": " + rootMessage(e, where), e);
    }
  }

  /**
   * What {@link #inspect} found.
   *
   * @param dialect the engine
   * @param schemaVersion the schema version the database is at, or {@code none} when empty
   * @param pendingMigrations how many migrations {@code migrate} or {@code serve} would apply
   */
  public record Status(Dialect dialect, String schemaVersion, int pendingMigrations) {

    /** Tells whether there is no schema there yet: nothing was ever migrated. */
    public boolean isEmpty() {
      return schemaVersion.equals(NO_SCHEMA);
    }
  }

  /** The schema version of a database nothing was migrated in. */
  static final String NO_SCHEMA = "none";

  private static final String IN_MEMORY_SQLITE = "jdbc:sqlite::memory:";

  /**
   * Connects to the database at {@code location} and reads its schema version, changing nothing.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   * @throws IllegalStateException if the database cannot be reached
   */
  public static Status inspect(String location) {
    DatabaseLocation where = DatabaseLocation.parse(location);
    if (where.dialect() == Dialect.SQLITE
        && SqliteFiles.fileOf(where.jdbcUrl()).filter(file -> !Files.exists(file)).isPresent()) {
      // Opening a missing SQLite file would create it: an empty in-memory one tells the same.
      return inspect(IN_MEMORY_SQLITE);
    }
    try (HikariDataSource dataSource = pool(where, 2, new CompositeMeterRegistry())) {
      var info =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(where.dialect().migrations())
              .load()
              .info();
      String version =
          info.current() == null ? NO_SCHEMA : info.current().getVersion().getVersion();
      return new Status(where.dialect(), version, info.pending().length);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot reach the database " + where + ": " + rootMessage(e, where), e);
    }
  }

  /**
   * Returns {@code location} with any password in it replaced by stars, for logs and messages: as
   * {@link DatabaseLocation} describes it when it parses, else with the password's place starred.
   */
  public static String redact(String location) {
    try {
      DatabaseLocation where = DatabaseLocation.parse(location);
      return where.dialect() == Dialect.SQLITE ? location : where.toString();
    } catch (IllegalArgumentException e) {
      return DatabaseLocation.redact(location);
    }
  }

  /**
   * The engine of the database at {@code location}, read from the location alone.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   */
  public static Dialect dialectOf(String location) {
    return DatabaseLocation.parse(location).dialect();
  }

  /**
   * The SQLite file {@code location} names, if it names one: empty for an in-memory SQLite database
   * and for PostgreSQL.
   *
   * @throws IllegalArgumentException if the location is not a database Bienvenue supports
   */
  public static Optional<Path> fileOf(String location) {
    DatabaseLocation where = DatabaseLocation.parse(location);
    return where.dialect() == Dialect.SQLITE
        ? SqliteFiles.fileOf(where.jdbcUrl())
        : Optional.empty();
  }

  /** The Jdbi the stores and the transactor run their statements through. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The engine this database runs on. */
  public Dialect dialect() {
    return where.dialect();
  }

  /**
   * How many migrations opening this database applied: 0 when it was already up to date.
   *
   * @throws IllegalStateException if it was connected to but not migrated
   */
  public int migrationsApplied() {
    return migrated().migrationsExecuted;
  }

  /**
   * The schema version after opening, such as {@code 3}.
   *
   * @throws IllegalStateException if it was connected to but not migrated
   */
  public String schemaVersion() {
    MigrateResult result = migrated();
    return result.targetSchemaVersion != null
        ? result.targetSchemaVersion
        : result.initialSchemaVersion;
  }

  private MigrateResult migrated() {
    MigrateResult result = migration;
    if (result == null) {
      throw new IllegalStateException("the database " + where + " was not migrated");
    }
    return result;
  }

  /** Tells whether the database answers a trivial query now. Never throws. */
  public boolean isReachable() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Closes every pooled connection. */
  @Override
  public void close() {
    dataSource.close();
  }

  private static HikariDataSource pool(
      DatabaseLocation where, int maxConnections, MeterRegistry metrics) {
    HikariConfig pool = new HikariConfig();
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    pool.setPoolName("bienvenue");
    // Flyway holds one connection for its lock while it migrates over another.
    pool.setMaximumPoolSize(Math.max(2, maxConnections));
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    if (where.dialect() == Dialect.SQLITE) {
      SqliteFiles.protect(where.jdbcUrl());
      pool.setDataSource(sqlite(where.jdbcUrl()));
    } else {
      pool.setJdbcUrl(where.jdbcUrl());
      where.user().ifPresent(pool::setUsername);
      where.password().ifPresent(pool::setPassword);
      pool.addDataSourceProperty("connectTimeout", POSTGRESQL_CONNECT_TIMEOUT_SECONDS);
      pool.addDataSourceProperty("socketTimeout", POSTGRESQL_SOCKET_TIMEOUT_SECONDS);
      pool.addDataSourceProperty("tcpKeepAlive", "true");
      pool.addDataSourceProperty("ApplicationName", "bienvenue");
    }
    return new HikariDataSource(pool);
  }

  private static String rootMessage(Throwable error, DatabaseLocation where) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // One line, but not only the first: Flyway's first line is generic ("Migrations have failed
    // validation") and the next ones say which migration and why.
    String summary =
        message
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .limit(MESSAGE_LINES)
            .collect(Collectors.joining("; "));
    return where.scrub(summary.isEmpty() ? message : summary);
  }

  private static DataSource sqlite(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // A deleted row's bytes are overwritten with zeros, not left in a free page: a deleted user's
    // hash and TOTP secret leave the file at the next checkpoint.
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }
}
