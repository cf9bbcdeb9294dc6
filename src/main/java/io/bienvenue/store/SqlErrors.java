package io.bienvenue.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Reads what kind of failure a database error was, whatever the dialect. Stateless. */
final class SqlErrors {

  private static final String UNIQUE_VIOLATION = "23505";

  private static final int PRIMARY_CODE_MASK = 0xff;

  private SqlErrors() {}

  /**
   * Tells whether {@code error}, or one of its causes, is SQLite's {@code SQLITE_BUSY} or {@code
   * SQLITE_LOCKED} (any extended code): another connection held the lock past the busy timeout.
   */
  static boolean isBusy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        int primary = sqlite.getResultCode().code & PRIMARY_CODE_MASK;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code
            || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
          return true;
        }
      }
    }
    return false;
  }

  /** Tells whether {@code error}, or one of its causes, is a unique-constraint violation. */
  static boolean isUniqueViolation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite
          && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
              || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
        return true;
      }
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
