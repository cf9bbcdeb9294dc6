package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bienvenue.store.SqliteBackups;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ServiceOnDatabase;
import io.bienvenue.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file on a small file system that fills up (a tmpfs the test mounts, which needs root:
 * skipped with its reason elsewhere): writes answer a JSON 503 while reads go on, nothing is
 * damaged, and the service recovers by itself once space returns.
 */
class FullDiskTest {

  private static final String PASSWORD = "pwd-of-a-user";

  @TempDir Path folder;
  private Path mount;

  @BeforeEach
  void mountASmallFileSystem() throws Exception {
    mount = Files.createDirectories(folder.resolve("small"));
    int status = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
    assumeTrue(
        status == 0, "cannot mount a tmpfs here (it needs root): the full disk is not tried");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
  }

  private static int run(String... command) throws Exception {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException notThere) {
      return -1;
    }
  }

  /** Writes zeros into {@code file} until the file system has no room left. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // No space left: what the test wants.
    }
  }

  private static Reply register(ApiClient api, String email) {
    return api.postForm("/users", Map.of("email", email, "password", PASSWORD));
  }

  @Test
  void writesAnswerA503ReadsGoOnAndTheServiceRecoversWhenSpaceReturns() throws Exception {
    Path filler = mount.resolve("filler");
    String location;
    try (ServiceOnDatabase service = ServiceOnDatabase.start(TestDatabase.sqlite(mount))) {
      ApiClient api = service.running.client;
      location = service.database.location();
      assertThat(register(api, "ada@example.org").status()).isEqualTo(200);
      Reply login =
          api.postForm("/sessions", Map.of("email", "ada@example.org", "password", PASSWORD));
      assertThat(login.status()).isEqualTo(200);
      String[] session = login.sessionCookie();

      fill(filler);
      Reply refused = null;
      for (int i = 0; i < 2000 && refused == null; i++) {
        Reply reply = register(api, "user" + i + "@example.org");
        assertThat(reply.status())
            .as("a write on a full disk: %s", reply.raw().body())
            .isIn(200, 503);
        if (reply.status() == 503) {
          refused = reply;
        }
      }

      assertThat(refused).as("a write that found no room").isNotNull();
      assertThat(refused.json().path("message").isTextual()).isTrue();
      assertThat(refused.header("Retry-After")).isPresent();
      Reply profile = api.get("/profile", session);
      assertThat(profile.status()).as("a read on a full disk").isEqualTo(200);
      assertThat(profile.json().path("email").asText()).isEqualTo("ada@example.org");

      Files.delete(filler);
      Reply again = register(api, "after@example.org");
      assertThat(again.status()).as("once space is back: %s", again.raw().body()).isEqualTo(200);
      assertThat(
              api.postForm("/sessions", Map.of("email", "after@example.org", "password", PASSWORD))
                  .status())
          .isEqualTo(200);
    }
    assertThat(SqliteBackups.check(Path.of(location)).users())
        .as("the database is sound after the full disk")
        .isPositive();
  }
}
