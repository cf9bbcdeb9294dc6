package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bienvenue serve} as its own process, configured by environment variables alone. */
class ServeProcessTest {

  @TempDir Path folder;

  @Test
  void serveReadsItsSettingsFromTheEnvironment() throws Exception {
    int port = freePort();
    Path database = folder.resolve("env.db");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.bienvenue.Main",
                "serve")
            .redirectErrorStream(true);
    builder.environment().put("BIENVENUE_PORT", Integer.toString(port));
    builder.environment().put("BIENVENUE_DATABASE", database.toString());
    builder.environment().put("BIENVENUE_BCRYPT_COST", "4");
    Process process = builder.start();
    try {
      String line = waitForLine(process, "listening on");

      assertThat(line).contains("http://127.0.0.1:" + port);
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      assertThat(
              api.postForm("/users", Map.of("email", "env@example.org", "password", "x")).status())
          .isEqualTo(200);
      assertThat(database).exists();
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void anInvalidEnvironmentValueStopsStartWithOneLine() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.bienvenue.Main",
                "serve")
            .redirectErrorStream(true);
    builder.environment().put("BIENVENUE_BCRYPT_COST", "99");
    builder.environment().put("BIENVENUE_DATABASE", folder.resolve("bad.db").toString());
    Process process = builder.start();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output).contains("--bcrypt-cost").doesNotContain("Exception");
  }

  private static String waitForLine(Process process, String marker) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      seen.append(line).append('\n');
      if (line.contains(marker)) {
        return line;
      }
    }
    throw new AssertionError("the process ended before saying '" + marker + "':\n" + seen);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
