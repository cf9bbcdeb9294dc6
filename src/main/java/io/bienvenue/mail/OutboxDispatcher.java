package io.bienvenue.mail;

import io.bienvenue.store.OutboxMessage;
import io.bienvenue.store.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: claims due messages, renders each, sends it and records the outcome, so a
 * request only writes an outbox row and an SMTP outage delays mail without losing it.
 *
 * <p>For each claimed message: rendered and sent, it is marked sent; rendered empty, it is dropped;
 * failed (the renderer threw, or the server could not take it), it is retried after {@code
 * backoffBase × 2^(failures - 1)}, at most {@code backoffCap}, and dropped after {@code
 * maxAttempts} failures; failed for good (a recipient that is no address the service can deliver
 * to), it is dropped at once, with the reason in {@code last_error} and a warning in the log.
 * Delivery is at least once: a mail whose sending succeeded but whose recording failed is sent
 * again once its lease runs out. Logs name a message by id and kind only, never its recipient or
 * text.
 *
 * <p>Thread-safe. {@link #start()} runs rounds on one daemon thread; {@link #dispatchDue()} runs
 * one on the caller's. Concurrent rounds, here or in other instances, never send a message twice at
 * once: each holds a lease on the messages it claimed.
 */
public final class OutboxDispatcher implements AutoCloseable {

  /** How long sent and dropped messages stay in the outbox, for operators to look at. */
  static final Duration KEEP_FINISHED = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final OutboxStore store;
  private final MailRenderer renderer;
  private final Mailer mailer;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final ScheduledExecutorService executor;
  private final MeterRegistry metrics;
  private volatile boolean closing;
  private boolean started;

  /**
   * Creates a dispatcher; nothing runs until {@link #start()} or {@link #dispatchDue()}. It counts
   * in {@code metrics} the mails sent and the failures, by mail kind and failure, and shows there
   * the backlog and the age of the oldest mail waiting, read from the outbox at each scrape, so
   * that a stuck mail relay shows on a dashboard.
   */
  public OutboxDispatcher(
      OutboxStore store,
      MailRenderer renderer,
      Mailer mailer,
      Clock clock,
      DispatcherSettings settings,
      MeterRegistry metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    Gauge.builder("bienvenue.outbox.backlog", store, OutboxStore::countPending)
        .description("Mails waiting to be sent, retries included")
        .register(metrics);
    Gauge.builder("bienvenue.outbox.oldest.pending", this, OutboxDispatcher::oldestPendingSeconds)
        .description("Seconds since the oldest mail waiting to be sent was queued; 0 for none")
        .baseUnit("seconds")
        .register(metrics);
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "bienvenue-outbox");
              thread.setDaemon(true);
              return thread;
            });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  /**
   * Starts the background thread: a round at once, then one every poll interval after the last
   * ended. A round that fails (the database is down) is logged and the next one runs as planned.
   *
   * @throws IllegalStateException if already started, or closed
   */
  public synchronized void start() {
    if (started || closing) {
      throw new IllegalStateException("the outbox dispatcher was already started or closed");
    }
    started = true;
    executor.scheduleWithFixedDelay(
        this::backgroundRound, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one round on the calling thread: claims up to a batch of due messages and handles each.
   * Stops early, leaving the rest for a later round, if the dispatcher is closing or the round's
   * lease runs out. Once the dispatcher is closed it does nothing.
   *
   * @return how many messages were sent
   * @throws RuntimeException if the outbox cannot be read or written
   */
  public int dispatchDue() {
    if (closing) {
      return 0;
    }
    Instant now = clock.instant();
    int sent = 0;
    for (OutboxMessage message : store.claimDue(now, settings.lease(), settings.batchSize())) {
      if (closing || leaseRanOut(message)) {
        break;
      }
      if (handle(message)) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * Stops the background thread, waiting up to 30 seconds for the round in progress, then, if the
   * thread was started, runs one last round so that what is due goes out before the process ends.
   * Messages a round claimed but did not reach stay in the outbox, and any instance sends them once
   * their lease runs out. Idempotent.
   */
  @Override
  public void close() {
    boolean wasStarted;
    synchronized (this) {
      if (closing) {
        return;
      }
      wasStarted = started;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("the outbox dispatcher did not stop within {} seconds", CLOSE_WAIT_SECONDS);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (wasStarted && !Thread.currentThread().isInterrupted()) {
      // Flush: what became due since the last round goes out now rather than at the next start.
      backgroundRound();
    }
    synchronized (this) {
      closing = true;
    }
  }

  private void backgroundRound() {
    try {
      dispatchDue();
      store.deleteFinishedBefore(clock.instant().minus(KEEP_FINISHED));
    } catch (RuntimeException e) {
      // A thrown exception would cancel every later round: log it and try again next poll.
      LOG.error("an outbox round failed", e);
    }
  }

  private boolean leaseRanOut(OutboxMessage message) {
    return message.claimedUntil().map(until -> !clock.instant().isBefore(until)).orElse(true);
  }

  /** Renders, sends and records one message; returns whether it was sent. */
  private boolean handle(OutboxMessage message) {
    Optional<MailMessage> mail;
    try {
      mail = Objects.requireNonNull(renderer.render(message), "the renderer returned null");
    } catch (RuntimeException e) {
      LOG.warn("outbox message {} ({}) could not be rendered", message.id(), message.kind(), e);
      failed(message, "rendering failed: " + e.getClass().getName());
      return false;
    }
    if (mail.isEmpty()) {
      store.markDropped(message.id(), clock.instant(), "nothing to send");
      count(message, "nothing_to_send");
      LOG.info("outbox message {} ({}) dropped: nothing to send", message.id(), message.kind());
      return false;
    }
    try {
      mailer.send(mail.get());
    } catch (MailException e) {
      if (e.permanent()) {
        store.markDropped(message.id(), clock.instant(), e.getMessage());
        count(message, "undeliverable");
        LOG.warn(
            "outbox message {} ({}) dropped: {}", message.id(), message.kind(), e.getMessage());
      } else {
        failed(message, e.getMessage());
      }
      return false;
    } catch (RuntimeException e) {
      LOG.warn("outbox message {} ({}) could not be sent", message.id(), message.kind(), e);
      failed(message, "sending failed: " + e.getClass().getName());
      return false;
    }
    store.markSent(message.id(), clock.instant());
    metrics.counter("bienvenue.outbox.sent", "kind", message.kind()).increment();
    LOG.info("outbox message {} ({}) sent", message.id(), message.kind());
    return true;
  }

  private void failed(OutboxMessage message, String error) {
    int failures = message.attempts() + 1;
    Instant now = clock.instant();
    // Counted with a wait first, so that no round can claim it between the two writes.
    store.markFailed(message.id(), now.plus(settings.backoff(failures)), error);
    if (failures >= settings.maxAttempts()) {
      store.markDropped(message.id(), now, "gave up after " + failures + " attempts: " + error);
      count(message, "gave_up");
      LOG.warn(
          "outbox message {} ({}) dropped after {} failed attempts",
          message.id(),
          message.kind(),
          failures);
    } else {
      count(message, "temporary");
      LOG.warn(
          "outbox message {} ({}) not sent, attempt {} of {}, next in {}: {}",
          message.id(),
          message.kind(),
          failures,
          settings.maxAttempts(),
          settings.backoff(failures),
          error);
    }
  }

  /**
   * Counts a failure of {@code message}: {@code temporary} (to be retried), {@code gave_up} (the
   * last retry failed), {@code undeliverable} (an address no server will take) or {@code
   * nothing_to_send}.
   */
  private void count(OutboxMessage message, String failure) {
    Counter.builder("bienvenue.outbox.failures")
        .description("Mails not sent, by kind of mail and of failure")
        .tags("kind", message.kind(), "failure", failure)
        .register(metrics)
        .increment();
  }

  private double oldestPendingSeconds() {
    return store
        .oldestPending()
        .map(queued -> Math.max(0, Duration.between(queued, clock.instant()).toMillis() / 1000.0))
        .orElse(0.0);
  }
}
