package io.bienvenue.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Reads what kind of failure a database error was, whatever the dialect: an outage that passes, a
 * lock held too long, or a unique-constraint violation. Each check walks the error and its causes.
 * Stateless.
 */
public final class StoreFailures {

  private static final String UNIQUE_VIOLATION = "23505";

  private static final int PRIMARY_CODE_MASK = 0xff;

  private StoreFailures() {}

  /**
   * Tells whether {@code error}, or one of its causes, says the database cannot be reached now: no
   * pooled connection within the timeout, a connection refused or broken (SQLSTATE class 08), or a
   * server shutting down (57P01–57P03) or short of a resource (class 53: a full disk, memory,
   * connections), an SQLite file locked by another connection for longer than the busy timeout
   * ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}), or an SQLite file on a full disk ({@code
   * SQLITE_FULL}). Such a failure passes when the database is back, the lock is released or space
   * is freed; nothing written is lost or damaged meanwhile, since the transaction rolls back.
   */
  public static boolean isOutage(Throwable error) {
    return isLocked(error)
        || isFull(error)
        || causes(error)
            .anyMatch(
                t ->
                    t instanceof SQLTransientConnectionException
                        || t instanceof SQLNonTransientConnectionException
                        || t instanceof SQLException sql && isOutageState(sql.getSQLState()));
  }

  /**
   * Tells whether {@code error}, or one of its causes, is SQLite's {@code SQLITE_BUSY} or {@code
   * SQLITE_LOCKED} (any extended code): another connection held an SQLite file's lock for longer
   * than the busy timeout, an outage that ends when the lock is released.
   */
  public static boolean isLocked(Throwable error) {
    return causes(error)
        .anyMatch(
            t ->
                t instanceof SQLiteException sqlite
                    && isBusyOrLocked(sqlite.getResultCode().code & PRIMARY_CODE_MASK));
  }

  /**
   * Tells whether {@code error}, or one of its causes, is SQLite's {@code SQLITE_FULL}: the disk
   * (or the file system the database is on) has no room for the write.
   */
  static boolean isFull(Throwable error) {
    return causes(error)
        .anyMatch(
            t ->
                t instanceof SQLiteException sqlite
                    && (sqlite.getResultCode().code & PRIMARY_CODE_MASK)
                        == SQLiteErrorCode.SQLITE_FULL.code);
  }

  /** Tells whether {@code error}, or one of its causes, is a unique-constraint violation. */
  static boolean isUniqueViolation(Throwable error) {
    return causes(error)
        .anyMatch(
            t ->
                t instanceof SQLiteException sqlite
                        && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                            || sqlite.getResultCode()
                                == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)
                    || t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()));
  }

  /** {@code error} and its causes, in order, stopping at a cause that is its own cause. */
  private static Stream<Throwable> causes(Throwable error) {
    return Stream.iterate(error, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
  }

  private static boolean isOutageState(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
  }

  private static boolean isBusyOrLocked(int primaryCode) {
    return primaryCode == SQLiteErrorCode.SQLITE_BUSY.code
        || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
  }
}
