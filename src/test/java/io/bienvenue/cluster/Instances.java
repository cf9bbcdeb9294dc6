package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several {@link ServiceProcess}es on one database, trusting 127.0.0.1 as a proxy, all started
 * before any is awaited, so they open (and migrate) the database at the same time. Closing stops
 * every one.
 */
final class Instances implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final List<ServiceProcess> processes;

  private Instances(List<ServiceProcess> processes) {
    this.processes = List.copyOf(processes);
  }

  /**
   * Starts {@code count} instances, named A, B, C…, and returns once every one listens.
   *
   * @throws AssertionError with an instance's output if it ends, or all have not listened within
   *     {@link #START_TIMEOUT}; every instance started is stopped again
   */
  static Instances start(int count, String database) throws Exception {
    return start(count, database, Map.of());
  }

  /** As {@link #start(int, String)}, each instance with {@code settings} in its environment. */
  static Instances start(int count, String database, Map<String, String> settings)
      throws Exception {
    Map<String, String> environment = new HashMap<>(settings);
    environment.putIfAbsent("BIENVENUE_TRUSTED_PROXIES", "127.0.0.1");
    // nginx forwards the Host its clients sent, 127.0.0.1:PORT, as deploy/cluster allows it.
    environment.putIfAbsent("BIENVENUE_ALLOWED_HOSTS", "127.0.0.1");
    List<ServiceProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        started.add(ServiceProcess.start("instance " + (char) ('A' + i), database, environment));
      }
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      for (ServiceProcess process : started) {
        process.awaitListening(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      return new Instances(started);
    } catch (Exception | AssertionError e) {
      closeAll(started, e);
      throw e;
    }
  }

  /** The {@code index}th instance, from 0. */
  ServiceProcess get(int index) {
    return processes.get(index);
  }

  List<ServiceProcess> all() {
    return processes;
  }

  /** A client for the instance {@code index}, modulo their number: requests spread round. */
  ApiClient client(int index) {
    return processes.get(index % processes.size()).client();
  }

  /**
   * Waits until the output lines of all instances containing {@code marker} add up to {@code
   * total}, and returns how many each instance has then: fewer in all only when {@code within} ran
   * out.
   */
  List<Long> awaitLines(String marker, long total, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Long> counts = countLines(marker);
    while (counts.stream().mapToLong(Long::longValue).sum() < total
        && System.nanoTime() < deadline) {
      Thread.sleep(POLL_INTERVAL.toMillis());
      counts = countLines(marker);
    }
    return counts;
  }

  private List<Long> countLines(String marker) {
    return processes.stream().map(p -> p.countLines(marker)).toList();
  }

  List<Integer> ports() {
    return processes.stream().map(ServiceProcess::port).toList();
  }

  @Override
  public void close() {
    RuntimeException failure = new IllegalStateException("stopping the instances failed");
    closeAll(processes, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(List<ServiceProcess> processes, Throwable failure) {
    for (ServiceProcess process : processes) {
      try {
        process.close();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
