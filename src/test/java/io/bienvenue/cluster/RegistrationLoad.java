package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registrations of distinct emails sent by several threads at once, each recorded with its status
 * and how long it took. Requests are numbered in the order they are started. Thread-safe.
 */
final class RegistrationLoad implements AutoCloseable {

  /** One registration: its number, email, status, body and time to answer. */
  record Outcome(int index, String email, int status, String body, Duration took) {}

  private final ApiClient api;
  private final String prefix;
  private final int maxRequests;
  private final ExecutorService threads;
  private final List<Future<?>> workers = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Outcome> outcomes = new ArrayList<>();

  private RegistrationLoad(ApiClient api, String prefix, int threadCount, int maxRequests) {
    this.api = api;
    this.prefix = prefix;
    this.maxRequests = maxRequests;
    this.threads = Executors.newFixedThreadPool(threadCount);
  }

  /**
   * Starts {@code threadCount} threads registering {@code prefix + n + "@example.org"} for n from
   * 0, until {@code maxRequests} have been started or {@link #stop} is called.
   */
  static RegistrationLoad start(ApiClient api, String prefix, int threadCount, int maxRequests) {
    RegistrationLoad load = new RegistrationLoad(api, prefix, threadCount, maxRequests);
    for (int i = 0; i < threadCount; i++) {
      load.workers.add(load.threads.submit(load::work));
    }
    return load;
  }

  /** How many requests have been started so far: those numbered from here on start later. */
  int started() {
    return Math.min(next.get(), maxRequests);
  }

  /** Waits until at least {@code count} requests have been answered; false if time ran out. */
  synchronized boolean awaitAnswered(int count, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (outcomes.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || workers.stream().allMatch(Future::isDone)) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
    }
    return true;
  }

  /** Waits for every request to be answered and returns the outcomes in request order. */
  List<Outcome> awaitEnd(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    for (Future<?> worker : workers) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        worker.get(left, TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError("a request of the load failed", e.getCause());
      }
    }
    synchronized (this) {
      return outcomes.stream().sorted(Comparator.comparingInt(Outcome::index)).toList();
    }
  }

  /** Starts no more requests, then waits for those under way; see {@link #awaitEnd}. */
  List<Outcome> stop(Duration within) throws Exception {
    stopping.set(true);
    return awaitEnd(within);
  }

  /** The email of request {@code index}. */
  String email(int index) {
    return prefix + index + "@example.org";
  }

  @Override
  public void close() {
    stopping.set(true);
    threads.shutdownNow();
  }

  private void work() {
    for (int i = next.getAndIncrement();
        i < maxRequests && !stopping.get();
        i = next.getAndIncrement()) {
      String email = email(i);
      long start = System.nanoTime();
      Reply reply = api.postForm("/users", Map.of("email", email, "password", "l0ad" + i));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      synchronized (this) {
        outcomes.add(new Outcome(i, email, reply.status(), reply.raw().body(), took));
        notifyAll();
      }
    }
  }
}
