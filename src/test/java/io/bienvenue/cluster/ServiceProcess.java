package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MainClassPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bienvenue serve} as its own JVM, on a port of 127.0.0.1 it picks itself (its admin
 * listener too), trusting 127.0.0.1 as a proxy. A thread reads its output as it comes, so the
 * process never blocks on a full pipe and tests can wait for a line. Thread-safe.
 */
final class ServiceProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final long STOP_SECONDS = 20;

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private OptionalInt port = OptionalInt.empty();
  private boolean ended;

  private ServiceProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts an instance named {@code name} on {@code database}, in development mode but for what
   * {@code settings} (environment variables such as {@code BIENVENUE_PRODUCTION}) add or override;
   * see {@link #awaitListening}.
   */
  static ServiceProcess start(String name, String database, Map<String, String> settings)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Three JVMs and the test's own share two cores: start light.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                MainClassPath.withoutTests(),
                "io.bienvenue.Main",
                "serve")
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("BIENVENUE_"));
    environment.putAll(
        Map.of(
            "BIENVENUE_HOST", "127.0.0.1",
            "BIENVENUE_PORT", "0",
            "BIENVENUE_ADMIN_PORT", "0",
            "BIENVENUE_DATABASE", database,
            "BIENVENUE_BCRYPT_COST", "4",
            "BIENVENUE_TRUSTED_PROXIES", "127.0.0.1"));
    environment.putAll(settings);
    ServiceProcess service = new ServiceProcess(name, builder.start());
    service.process.getOutputStream().close();
    Thread reader = new Thread(service::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
    return service;
  }

  /**
   * Waits for the "listening on" line and returns the port it names.
   *
   * @throws AssertionError with the output so far if the process ends first or the time runs out
   */
  synchronized int awaitListening(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (port.isEmpty() && !ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(name + " did not listen within " + within + ":\n" + output());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return port.orElseThrow(
        () -> new AssertionError(name + " ended before listening:\n" + output()));
  }

  /** How many output lines so far contain {@code marker}. */
  synchronized long countLines(String marker) {
    return lines.stream().filter(line -> line.contains(marker)).count();
  }

  /** Everything the process printed so far. */
  synchronized String output() {
    return String.join("\n", lines);
  }

  /** The port the instance listens on, once it does. */
  synchronized int port() {
    return port.orElseThrow(() -> new IllegalStateException(name + " is not listening"));
  }

  /** The address the instance listens on, once it does. */
  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** A client talking to this instance directly. */
  ApiClient client() {
    return new ApiClient(url());
  }

  /** Tells whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9: the process ends at once, with no shutdown hook; returns once it has. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL");
    }
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL if it lingers) and returns once it has ended. An
   * interrupted close kills the process outright and keeps the interrupt.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Matcher listening = LISTENING.matcher(line);
        synchronized (this) {
          lines.add(line);
          if (port.isEmpty() && listening.find()) {
            port = OptionalInt.of(Integer.parseInt(listening.group(1)));
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }
}
