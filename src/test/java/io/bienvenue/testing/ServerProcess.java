package io.bienvenue.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A server program a test runs in the foreground (nginx, Apache): waiting until it accepts
 * connections, and stopping it with its children.
 */
public final class ServerProcess {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final long STOP_SECONDS = 10;

  private ServerProcess() {}

  /**
   * Returns once {@code process} accepts connections on {@code port} of 127.0.0.1.
   *
   * @throws AssertionError if it ends first, or does not within {@code timeout}; the message is
   *     {@code name}'s and the log that {@code log} reads
   */
  public static void awaitAccepting(
      Process process, int port, Duration timeout, String name, Supplier<String> log)
      throws InterruptedException {
    Objects.requireNonNull(process, "process");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " ended at start:\n" + log.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not listen within " + timeout + ":\n" + log.get());
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * Stops {@code process} (SIGTERM, and SIGKILL if it has not ended within ten seconds) and its
   * children; returns once it has ended. An interrupted stop kills them outright and keeps the
   * interrupt.
   */
  public static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // A master killed outright leaves its children, which still hold the port.
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
