package io.bienvenue;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;

/**
 * The parts of a running service and the order they stop in. Parts are registered as they open and
 * closed in the reverse order; a slow start can run on a thread of its own beside the others; the
 * public listener, registered last, is drained before anything else closes. A start that fails part
 * way closes what it had opened ({@link #closeAfter}).
 *
 * <p>One thread starts the service and one closes it; {@link #isReady} may be called from any
 * thread.
 */
final class Lifecycle implements AutoCloseable {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_QUIET = Duration.ofMillis(300);
  private static final long DRAIN_POLL_MILLIS = 20;

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private volatile BooleanSupplier readiness = () -> false;
  private volatile boolean started;

  /** Registers {@code part}, to be closed before every part registered earlier. */
  void register(AutoCloseable part) {
    parts.push(part);
  }

  /**
   * Starts a part on a daemon thread named {@code name} and registers its stop: closing waits for
   * the start to end, then stops what it made; a start that failed leaves nothing to stop.
   *
   * @param start makes the part
   * @param stop stops the part {@code start} made
   * @return the start under way, to {@link Starting#join} before the part is used
   */
  <T> Starting<T> startInBackground(String name, Supplier<T> start, Consumer<? super T> stop) {
    CompletableFuture<T> future =
        CompletableFuture.supplyAsync(
            start,
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              thread.start();
            });
    Starting<T> starting = new Starting<>(future);
    register(() -> starting.ifStarted(stop));
    return starting;
  }

  /**
   * Runs {@code task} on a daemon thread named {@code name}; closing waits for it to end, whether
   * or not it fails.
   *
   * @return the task under way, to {@link Starting#join} before what it prepares is used
   */
  Starting<Void> runInBackground(String name, Runnable task) {
    return startInBackground(
        name,
        () -> {
          task.run();
          return null;
        },
        done -> {});
  }

  /**
   * Registers the public listener, the first part to close: closing reports not ready, closes its
   * listening socket (new clients are refused at once, not left hanging), then serves the
   * connections already open until no request is in flight and none has started for {@link
   * #DRAIN_QUIET} (a client that connected just before the close still has its request answered),
   * {@link #DRAIN_TIMEOUT} at most, and only then stops the server. From now until the close, the
   * service is ready whenever {@code check} says so.
   */
  void serve(Javalin http, BooleanSupplier check) {
    serve(http, check, Duration.ZERO);
  }

  /**
   * Registers the public listener as {@link #serve(Javalin, BooleanSupplier)} does, with {@code
   * delay} first: closing reports not ready at once, then keeps the listener open and serving for
   * {@code delay}, so that a load balancer that polls readiness stops sending new requests before
   * connections are refused, and only then closes the socket and drains.
   */
  void serve(Javalin http, BooleanSupplier check, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    register(
        () -> {
          readiness = () -> false;
          pause(delay);
          drainAndStop(http);
        });
    readiness = check;
    started = true;
  }

  /**
   * Tells whether the start is over: true from the moment the service serves, and after, for {@code
   * /health/started}, an orchestrator's start-up probe.
   */
  boolean isStarted() {
    return started;
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Tells whether the service is ready for traffic: it serves (the start is over and no close has
   * begun) and the check given to {@link #serve} passes.
   */
  boolean isReady() {
    return readiness.getAsBoolean();
  }

  /**
   * Closes every part registered so far after a failed start, adding whatever their closing throws
   * to {@code failure} as suppressed.
   *
   * @return {@code failure}, to be thrown
   */
  RuntimeException closeAfter(RuntimeException failure) {
    closeAll(failure);
    return failure;
  }

  /**
   * Closes every part, the last registered first. Each is closed even if one before it fails.
   *
   * @throws IllegalStateException with each failure suppressed, if any part failed to close
   */
  @Override
  public void close() {
    RuntimeException failure = new IllegalStateException("closing Bienvenue failed");
    closeAll(failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private void closeAll(RuntimeException failure) {
    readiness = () -> false;
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private void drainAndStop(Javalin http) {
    Server server = http.jettyServer().server();
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        network.close();
      }
    }
    StatisticsHandler statistics = server.getDescendant(StatisticsHandler.class);
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long quietSince = System.nanoTime();
    int seen = statistics == null ? 0 : statistics.getRequestTotal();
    while (statistics != null && System.nanoTime() < deadline) {
      int requests = statistics.getRequestTotal();
      if (requests != seen || statistics.getRequestsActive() > 0) {
        seen = requests;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= DRAIN_QUIET.toNanos()) {
        break;
      }
      try {
        Thread.sleep(DRAIN_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop();
  }

  /** A part starting on a thread of its own. */
  static final class Starting<T> {

    private final CompletableFuture<T> future;

    private Starting(CompletableFuture<T> future) {
      this.future = future;
    }

    /**
     * Waits for the start to end and returns the part.
     *
     * @throws RuntimeException the start's own failure, unwrapped
     */
    T join() {
      try {
        return future.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }

    /**
     * Waits for the start to end, then stops the part if it started. A failed start is thrown by
     * {@link #join}, or is beside the point when something else failed first.
     */
    private void ifStarted(Consumer<? super T> stop) {
      T part;
      try {
        part = future.join();
      } catch (CompletionException neverStarted) {
        return;
      }
      stop.accept(part);
    }
  }
}
