package io.bienvenue.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Reads whether a failure means the database is out of reach, rather than a bug. Stateless. */
public final class StoreFailures {

  private StoreFailures() {}

  /**
   * Tells whether {@code error}, or one of its causes, says the database cannot be reached now: no
   * pooled connection within the timeout, a connection refused or broken (SQLSTATE class 08), or a
   * server shutting down (57P01–57P03), or an SQLite file locked by another connection for longer
   * than the busy timeout ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}). Such a failure passes when
   * the database is back or the lock is released.
   */
  public static boolean isOutage(Throwable error) {
    if (isLocked(error)) {
      return true;
    }
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Tells whether {@code error}, or one of its causes, says that another connection held an SQLite
   * file's lock for longer than the busy timeout: an outage that ends when the lock is released.
   */
  public static boolean isLocked(Throwable error) {
    return SqlErrors.isBusy(error);
  }
}
