package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceProcess;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds SQLite's write lock past the busy timeout (an import, {@code sqlite3
 * .backup}, a second instance): a registration is an outage, a 503 with {@code Retry-After}, and no
 * log format nor the CLI's standard error holds the hash, the password or the email that the failed
 * statement was bound to.
 */
class LockedDatabaseTest {

  private static final Duration LINE_WAIT = Duration.ofMinutes(1);
  private static final String PASSWORD = "locked-out-Passw0rd!";

  @TempDir Path folder;

  @Test
  void aLockedDatabaseIsA503AndNoLogNorTheCliShowsTheBoundArguments() throws Exception {
    Path file = folder.resolve("locked.db");
    Database.open(file.toString(), 1).close();
    InputStream stdin = System.in;
    try (ServiceProcess text = ServiceProcess.start("text", file.toString(), Map.of());
        ServiceProcess json =
            ServiceProcess.start("json", file.toString(), Map.of("BIENVENUE_LOG_FORMAT", "json"));
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = holder.createStatement()) {
      text.awaitListening(LINE_WAIT);
      json.awaitListening(LINE_WAIT);
      statement.execute("BEGIN IMMEDIATE");
      CompletableFuture<Reply> textReply = register(text, "eve@example.org");
      CompletableFuture<Reply> jsonReply = register(json, "mallory@example.org");
      Cli cli = new Cli();
      System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
      int status =
          cli.run("user", "add", "trent@example.org", "--database=" + file, "--bcrypt-cost=4");
      Reply fromText = textReply.get();
      Reply fromJson = jsonReply.get();
      statement.execute("ROLLBACK");

      assertThat(fromText.status()).as(fromText.body().toString()).isEqualTo(503);
      assertThat(fromText.header("Retry-After")).isPresent();
      assertThat(fromJson.status()).isEqualTo(503);
      assertThat(status).isEqualTo(1);
      assertThat(cli.err()).startsWith("bienvenue: ").contains("busy");
      text.awaitLine("refused", LINE_WAIT);
      json.awaitLine("refused", LINE_WAIT);
      for (String output : new String[] {text.output(), json.output(), cli.err()}) {
        assertThat(output)
            .doesNotContain("$2")
            .doesNotContain(PASSWORD)
            .doesNotContain("eve@example.org")
            .doesNotContain("mallory@example.org")
            .doesNotContain("trent@example.org");
      }
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void aStatementThatFailsOnTheCliNamesNoBoundArgument() throws Exception {
    // The CLI migrates before it inserts, and the migration waits for the lock too: a trigger makes
    // the insert itself fail, as a lock taken between the two would.
    Path file = folder.resolve("refusing.db");
    refuseInserts(file);
    InputStream stdin = System.in;
    Cli cli = new Cli();
    try {
      System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
      int status =
          cli.run("user", "add", "trent@example.org", "--database=" + file, "--bcrypt-cost=4");

      assertThat(status).isEqualTo(1);
      assertThat(cli.err())
          .contains("refused by a trigger")
          .doesNotContain("$2")
          .doesNotContain(PASSWORD)
          .doesNotContain("trent@example.org");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void aFailedStatementsStackTraceInTheJsonLogNamesNoBoundArgument() throws Exception {
    Path file = folder.resolve("refusing-json.db");
    refuseInserts(file);
    try (ServiceProcess json =
        ServiceProcess.start("json", file.toString(), Map.of("BIENVENUE_LOG_FORMAT", "json"))) {
      json.awaitListening(LINE_WAIT);

      Reply reply =
          json.client()
              .postForm("/users", Map.of("email", "eve@example.org", "password", PASSWORD));
      String logged = json.awaitLine("stack_trace", LINE_WAIT);

      assertThat(reply.status()).isEqualTo(500);
      assertThat(logged)
          .contains("refused by a trigger")
          .doesNotContain("$2")
          .doesNotContain(PASSWORD)
          .doesNotContain("eve@example.org");
    }
  }

  /** Makes every insert into {@code users} fail, as a statement the database refuses. */
  private static void refuseInserts(Path file) {
    try (Database database = Database.open(file.toString(), 1)) {
      database
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "CREATE TRIGGER refuse BEFORE INSERT ON users"
                          + " BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"));
    }
  }

  private static CompletableFuture<Reply> register(ServiceProcess service, String email) {
    return CompletableFuture.supplyAsync(
        () -> service.client().postForm("/users", Map.of("email", email, "password", PASSWORD)));
  }
}
