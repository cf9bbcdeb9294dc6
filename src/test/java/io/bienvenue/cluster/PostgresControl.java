package io.bienvenue.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the machine's PostgreSQL server with the shell commands the environment gives:
 * {@code BIENVENUE_TEST_PG_STOP='pg_ctlcluster 15 main stop'} and {@code
 * BIENVENUE_TEST_PG_START='pg_ctlcluster 15 main start'}. Every test on that server feels it.
 */
final class PostgresControl {

  static final String STOP_VARIABLE = "BIENVENUE_TEST_PG_STOP";
  static final String START_VARIABLE = "BIENVENUE_TEST_PG_START";
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  private PostgresControl() {}

  /** Tells whether both commands were provided. */
  static boolean available() {
    return isSet(STOP_VARIABLE) && isSet(START_VARIABLE);
  }

  /** Stops the server; returns once the command has. */
  static void stop() throws IOException, InterruptedException {
    run(STOP_VARIABLE);
  }

  /** Starts the server; returns once the command has. */
  static void start() throws IOException, InterruptedException {
    run(START_VARIABLE);
  }

  private static boolean isSet(String variable) {
    String value = System.getenv(variable);
    return value != null && !value.isBlank();
  }

  private static void run(String variable) throws IOException, InterruptedException {
    String command = System.getenv(variable);
    // A file rather than a pipe: a server the command starts may hold its output open for good.
    Path log = Files.createTempFile("bienvenue-pg-control", ".log");
    try {
      Process process =
          new ProcessBuilder("sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            variable + " took over " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            variable
                + " failed with "
                + process.exitValue()
                + ": "
                + command
                + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.delete(log);
    }
  }
}
