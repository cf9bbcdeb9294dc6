package io.bienvenue.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code bienvenue serve} as its own JVM, configured by its environment alone: on 127.0.0.1, a
 * port it picks itself (its admin listener too) and the fastest bcrypt cost, unless the settings
 * say otherwise. A thread reads its output as it comes, so the process never blocks on a full pipe
 * and tests can wait for a line. Thread-safe.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Path NATIVE_COPIES = Path.of("target", "sqlite-native").toAbsolutePath();

  /** How long a stop (SIGTERM) or a kill (SIGKILL) may take. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

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
   * {@code settings} (environment variables such as {@code BIENVENUE_PRODUCTION} or {@code
   * BIENVENUE_PORT}) add or override; the test's own {@code BIENVENUE_} variables are not passed
   * on. See {@link #awaitListening}.
   */
  public static ServiceProcess start(String name, String database, Map<String, String> settings)
      throws IOException {
    return start(name, database, settings, List.of());
  }

  /** Starts an instance as {@link #start(String, String, Map)} does, with more JVM options. */
  public static ServiceProcess start(
      String name, String database, Map<String, String> settings, List<String> jvmOptions)
      throws IOException {
    Files.createDirectories(NATIVE_COPIES);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Several JVMs and the test's own share two cores: start light.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    // sqlite-jdbc copies its native library to this directory and deletes the copy at exit, but a
    // service stopped by a signal ends with Runtime.halt (for exit status 0), which skips that, and
    // a killed one never gets there: the copies pile up in target/, not /tmp (1.1 MB each).
    command.add("-Dorg.sqlite.tmpdir=" + NATIVE_COPIES);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPathWithoutTests(), "io.bienvenue.cli.Main", "serve"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("BIENVENUE_"));
    environment.putAll(
        Map.of(
            "BIENVENUE_HOST",
            "127.0.0.1",
            "BIENVENUE_PORT",
            "0",
            "BIENVENUE_ADMIN_PORT",
            "0",
            "BIENVENUE_DATABASE",
            database,
            "BIENVENUE_BCRYPT_COST",
            Integer.toString(TestServices.FAST_COST),
            "BIENVENUE_SECRETS_KEY",
            TestSecrets.KEY));
    environment.putAll(settings);
    ServiceProcess service = new ServiceProcess(name, builder.start());
    service.process.getOutputStream().close();
    Thread reader = new Thread(service::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
    return service;
  }

  /** A port no one listens on now, for a test that must choose the port itself. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits for the "listening on" line and returns the port it names.
   *
   * @throws AssertionError with the output so far if the process ends first or the time runs out
   */
  public int awaitListening(Duration within) throws InterruptedException {
    return await(
        () -> port.isPresent() ? Optional.of(port.getAsInt()) : Optional.empty(),
        "listening",
        within);
  }

  /**
   * Waits for a line containing {@code marker} and returns the first one.
   *
   * @throws AssertionError with the output so far if the process ends first or the time runs out
   */
  public String awaitLine(String marker, Duration within) throws InterruptedException {
    return await(
        () -> lines.stream().filter(line -> line.contains(marker)).findFirst(),
        "printing '" + marker + "'",
        within);
  }

  /**
   * Waits for the process to end and its output to be read, and returns its exit status.
   *
   * @throws AssertionError with the output so far if the time runs out
   */
  public int awaitExit(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    if (!process.waitFor(within.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError(name + " did not end within " + within + ":\n" + output());
    }
    await(
        () -> ended ? Optional.of(Boolean.TRUE) : Optional.empty(),
        "closing its output",
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return process.exitValue();
  }

  /** How many output lines so far contain {@code marker}. */
  public synchronized long countLines(String marker) {
    return lines.stream().filter(line -> line.contains(marker)).count();
  }

  /** Everything the process printed so far. */
  public synchronized String output() {
    return String.join("\n", lines);
  }

  /** The port the instance listens on, once it does. */
  public synchronized int port() {
    return port.orElseThrow(() -> new IllegalStateException(name + " is not listening"));
  }

  /** The address the instance listens on, once it does. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** A client talking to this instance directly. */
  public ApiClient client() {
    return new ApiClient(url());
  }

  /** Tells whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM and returns at once: the process begins its graceful shutdown. */
  public void terminate() {
    // Through the handle: Process.destroy would also close the pipe the output is read from, and
    // lose what the process prints while it stops.
    process.toHandle().destroy();
  }

  /**
   * SIGTERM, then waits for the process to end within {@link #STOP_TIMEOUT} and returns its exit
   * status.
   *
   * @throws AssertionError with the output if it does not end in time
   */
  public int stop() throws InterruptedException {
    terminate();
    return awaitExit(STOP_TIMEOUT);
  }

  /** kill -9: the process ends at once, with no shutdown hook; returns once it has. */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL");
    }
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL if it lingers past {@link #STOP_TIMEOUT}) and returns
   * once it has ended. An interrupted close kills the process outright and keeps the interrupt.
   */
  @Override
  public void close() {
    terminate();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Waits until {@code found} finds something, the output ends, or {@code within} runs out. */
  private synchronized <T> T await(Supplier<Optional<T>> found, String what, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    for (Optional<T> result = found.get(); ; result = found.get()) {
      if (result.isPresent()) {
        return result.get();
      }
      if (ended) {
        throw new AssertionError(name + " ended before " + what + ":\n" + output());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            name + " was not " + what + " within " + within + ":\n" + output());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
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

  /**
   * This JVM's class path without its {@code test-classes} directories: the service runs on the
   * classes and resources it ships with, and, since the tests' {@code -Dlogback.configurationFile}
   * is not passed on, logs as in production.
   */
  private static String classPathWithoutTests() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
