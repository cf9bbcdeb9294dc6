package io.bienvenue.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's prepared statements between requests, one set per physical connection. SQLite
 * compiles a statement's SQL on every {@code prepareStatement}, and neither Jdbi, HikariCP (which
 * closes a connection's statements when it goes back to the pool) nor sqlite-jdbc keeps them: the
 * compile was half the cost of a session read. PostgreSQL needs none of this (its driver keeps
 * server-side statements by itself).
 *
 * <p>A kept statement is prepared on the physical connection, under Hikari's proxy, so the pool
 * leaves it open. It serves one caller at a time: the same SQL asked for again while in use (a
 * query run inside the iteration of its own results) gets a statement of its own, closed after.
 * Handing one back closes its result set, which resets it: a statement left mid-read would hold its
 * WAL read snapshot open and keep checkpoints from finishing. A connection keeps at most {@link
 * #PER_CONNECTION} statements, the least recently used closed first. The pool only hands a
 * connection to one thread at a time, and that hand-over orders the accesses to its set.
 */
final class SqliteStatementCache implements StatementBuilderFactory {

  /** Far above the number of distinct statements the stores run. */
  static final int PER_CONNECTION = 64;

  /** By physical connection (identity: connections don't override {@code equals}). */
  private final Map<SQLiteConnection, Kept> byConnection = new ConcurrentHashMap<>();

  @Override
  public StatementBuilder createStatementBuilder(Connection connection) {
    SQLiteConnection physical;
    try {
      if (!connection.isWrapperFor(SQLiteConnection.class)) {
        return new DefaultStatementBuilder();
      }
      physical = connection.unwrap(SQLiteConnection.class);
    } catch (SQLException e) {
      return new DefaultStatementBuilder();
    }
    Kept kept = byConnection.get(physical);
    if (kept == null) {
      // A connection the pool opened: forget the ones it closed (closing one closed its
      // statements), then start keeping for this one.
      byConnection.keySet().removeIf(SqliteStatementCache::isClosed);
      kept = byConnection.computeIfAbsent(physical, Kept::new);
    }
    return kept;
  }

  /** How many physical connections statements are kept for. */
  int connections() {
    return byConnection.size();
  }

  private static boolean isClosed(SQLiteConnection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** The statements kept on one physical connection; the builder of every handle over it. */
  private static final class Kept extends DefaultStatementBuilder {

    private final SQLiteConnection physical;
    private final Set<Statement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, PreparedStatement> bySql =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= PER_CONNECTION) {
              return false;
            }
            if (!inUse.contains(eldest.getValue())) {
              closeQuietly(eldest.getValue());
            }
            return true;
          }
        };

    Kept(SQLiteConnection physical) {
      this.physical = physical;
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext context)
        throws SQLException {
      if (context.isReturningGeneratedKeys() || context.isConcurrentUpdatable()) {
        return super.create(connection, sql, context);
      }
      PreparedStatement kept = bySql.get(sql);
      if (kept != null && inUse.contains(kept)) {
        return super.create(connection, sql, context);
      }
      if (kept == null || kept.isClosed()) {
        kept = physical.prepareStatement(sql);
        bySql.put(sql, kept);
      }
      inUse.add(kept);
      return kept;
    }

    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
      if (statement == null || !inUse.remove(statement)) {
        super.close(connection, sql, statement);
        return;
      }
      if (bySql.get(sql) != statement) {
        statement.close(); // evicted while in use
        return;
      }
      // Jdbi has closed the result set already; closing it here too makes sure the statement is
      // reset whoever ran it. Its parameters stay bound: the next run binds every one again (Jdbi
      // refuses to run with one missing), and clearing them would make SQLite recompile the
      // statement, most of the cost of a session read (docs/performance.md).
      try {
        statement.getMoreResults();
      } catch (SQLException e) {
        bySql.remove(sql);
        statement.close();
        throw e;
      }
    }

    private static void closeQuietly(Statement statement) {
      try {
        statement.close();
      } catch (SQLException e) {
        // Already unusable; nothing else holds it.
      }
    }
  }
}
