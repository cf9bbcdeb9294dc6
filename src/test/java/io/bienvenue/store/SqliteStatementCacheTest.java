package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Prepared statements kept across handles on SQLite: reused, never shared, never left mid-read. */
class SqliteStatementCacheTest {

  private static final String COUNT = "SELECT count(*) FROM numbers WHERE n > ?";

  @TempDir Path folder;
  private Database database;
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    database = Database.open(folder.resolve("cache.db").toString(), 2);
    jdbi = database.jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("CREATE TABLE numbers (n INTEGER PRIMARY KEY)");
          for (int n = 1; n <= 10; n++) {
            h.execute("INSERT INTO numbers (n) VALUES (?)", n);
          }
        });
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void theSameSqlOnTheSameConnectionRunsTheSameStatementWithItsOwnParameters() {
    jdbi.useHandle(
        h -> {
          Statement first = statementOf(h, COUNT, 3);
          Statement second = statementOf(h, COUNT, 8);

          assertThat(second).isSameAs(first);
          assertThat(count(h, 3)).isEqualTo(7);
          assertThat(count(h, 8)).isEqualTo(2);
        });
  }

  @Test
  void aParameterLeftUnboundIsRefusedRatherThanTakenFromTheLastRun() {
    jdbi.useHandle(
        h -> {
          assertThat(count(h, 3)).isEqualTo(7);

          assertThatThrownBy(() -> h.createQuery(COUNT).mapTo(Integer.class).one())
              .isInstanceOf(UnableToCreateStatementException.class)
              .hasMessageContaining("Missing positional parameter");
        });
  }

  @Test
  void theSameSqlRunWhileItsResultsAreReadGetsAStatementOfItsOwn() {
    List<Integer> pairs = new ArrayList<>();
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT n FROM numbers WHERE n > ? ORDER BY n")
                .bind(0, 7)
                .mapTo(Integer.class)
                .forEach(
                    n ->
                        pairs.add(
                            h.createQuery("SELECT n FROM numbers WHERE n > ? ORDER BY n")
                                .bind(0, n)
                                .mapTo(Integer.class)
                                .list()
                                .size())));

    assertThat(pairs).containsExactly(2, 1, 0);
  }

  @Test
  void aReadStoppedEarlyLeavesNoSnapshotOpenSoACheckpointCompletes() {
    int first =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT n FROM numbers ORDER BY n")
                    .mapTo(Integer.class)
                    .findFirst()
                    .orElseThrow());
    jdbi.useHandle(h -> h.execute("INSERT INTO numbers (n) VALUES (11)"));

    // (busy, frames in the log, frames checkpointed): busy is 1 while any reader holds a snapshot.
    int busy =
        jdbi.withHandle(
            h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapTo(Integer.class).first());

    assertThat(first).isEqualTo(1);
    assertThat(busy).isZero();
  }

  @Test
  void pastItsLimitAConnectionClosesTheLeastRecentlyUsedAndStillRunsEverything() throws Exception {
    jdbi.useHandle(
        h -> {
          Statement oldest = statementOf(h, COUNT, 0);
          for (int i = 0; i < SqliteStatementCache.PER_CONNECTION + 5; i++) {
            h.createQuery("SELECT " + i + " + count(*) FROM numbers").mapTo(Integer.class).one();
          }

          assertThat(oldest.isClosed()).isTrue();
          assertThat(statementOf(h, COUNT, 0)).isNotSameAs(oldest);
          assertThat(count(h, 0)).isEqualTo(10);
        });
  }

  @Test
  void aStatementEvictedWhileInUseIsClosedWhenItsReadEnds() throws Exception {
    jdbi.useHandle(
        h -> {
          AtomicReference<Statement> reading = new AtomicReference<>();
          List<Integer> seen = new ArrayList<>();
          h.createQuery("SELECT n FROM numbers ORDER BY n")
              .addCustomizer(capture(reading))
              .mapTo(Integer.class)
              .forEach(
                  n -> {
                    seen.add(n);
                    if (n == 1) {
                      for (int i = 0; i < SqliteStatementCache.PER_CONNECTION + 5; i++) {
                        h.createQuery("SELECT " + i).mapTo(Integer.class).one();
                      }
                    }
                  });

          assertThat(seen).hasSize(10);
          assertThat(reading.get().isClosed()).isTrue();
        });
  }

  @Test
  void connectionsClosedByTheirOwnerAreForgotten() {
    SQLiteDataSource unpooled = new SQLiteDataSource();
    unpooled.setUrl("jdbc:sqlite:" + folder.resolve("cache.db"));
    SqliteStatementCache cache = new SqliteStatementCache();
    Jdbi direct = Jdbi.create(unpooled);
    direct.setStatementBuilderFactory(cache);

    for (int i = 0; i < 5; i++) {
      // Each handle opens a physical connection of its own and closes it.
      direct.useHandle(h -> assertThat(count(h, 0)).isEqualTo(10));
    }

    assertThat(cache.connections()).isEqualTo(1);
  }

  private static int count(Handle h, int above) {
    return h.createQuery(COUNT).bind(0, above).mapTo(Integer.class).one();
  }

  /** The JDBC statement a run of {@code sql} with one parameter executed on. */
  private static Statement statementOf(Handle h, String sql, int parameter) {
    AtomicReference<Statement> statement = new AtomicReference<>();
    h.createQuery(sql)
        .bind(0, parameter)
        .addCustomizer(capture(statement))
        .mapTo(Integer.class)
        .one();
    return statement.get();
  }

  private static StatementCustomizer capture(AtomicReference<Statement> into) {
    return new StatementCustomizer() {
      @Override
      public void beforeExecution(java.sql.PreparedStatement stmt, StatementContext ctx) {
        into.set(stmt);
      }
    };
  }
}
