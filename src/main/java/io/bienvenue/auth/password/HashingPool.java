package io.bienvenue.auth.password;

import io.bienvenue.auth.failure.ServiceBusyException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads bcrypt runs on: a fixed number, below the priority of the request threads, with a
 * bounded queue. A burst of logins waits its turn there instead of taking every core from cheap
 * requests, and once the queue is full further work is refused at once with {@link
 * ServiceBusyException}. The work waiting is reported as {@code bienvenue_bcrypt_queue}.
 * Thread-safe; {@link #close()} stops the threads.
 */
final class HashingPool implements AutoCloseable {

  private final ThreadPoolExecutor pool;

  /**
   * Starts the pool.
   *
   * @param threads how many runs may go at once
   * @param queueCapacity how many more may wait before work is refused
   * @param metrics where to report the queue
   */
  HashingPool(int threads, int queueCapacity, MeterRegistry metrics) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread = new Thread(task, "bcrypt-" + count.incrementAndGet());
              thread.setDaemon(true);
              // Below the request threads, so that under a login flood a cheap request still gets
              // a core at once. The JVM turns this into a nice value only under
              // -XX:ThreadPriorityPolicy=1, which the launcher sets when it runs as root.
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
    Gauge.builder("bienvenue.bcrypt.queue", pool, p -> p.getQueue().size())
        .description("bcrypt work waiting for a thread")
        .register(metrics);
  }

  /**
   * Runs {@code work} on one of the pool's threads and returns its result, waiting for it.
   *
   * @throws ServiceBusyException if the queue is full
   * @throws IllegalStateException if the work fails or the caller is interrupted
   */
  <T> T run(Callable<T> work) {
    try {
      return pool.submit(work).get();
    } catch (RejectedExecutionException e) {
      throw new ServiceBusyException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  /** Stops the threads; work already queued is dropped. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
