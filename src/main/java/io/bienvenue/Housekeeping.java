package io.bienvenue;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.oauth.Grants;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.Stores;
import io.bienvenue.webhooks.WebhookDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has ended from the database, so that it does not grow with every login: sessions
 * past their absolute end or idle timeout (the grants bound to them go with them), and the OpenID
 * Connect refresh tokens, codes and grants that can no longer be used ({@link
 * GrantStore#deleteSpent}), and the webhook deliveries delivered more than {@link
 * WebhookDispatcher#KEEP_DELIVERED} ago. Only what every check already refuses is deleted, so a
 * round changes no answer. Every instance runs it on its own thread, once {@link #FIRST_ROUND}
 * after the start and then every {@link #INTERVAL}; the deletes are idempotent, so instances
 * running at once only repeat each other. Thread-safe.
 */
final class Housekeeping implements AutoCloseable {

  /** How long after the start the first round runs: not while the service is starting. */
  static final Duration FIRST_ROUND = Duration.ofMinutes(1);

  /** The time between two rounds. */
  static final Duration INTERVAL = Duration.ofHours(1);

  /**
   * How long a spent code and a revoked grant are kept, so that their replay is still recognized:
   * as long as a refresh token lives, far longer than any access token.
   */
  static final Duration KEPT = Grants.REFRESH_LIFETIME;

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  /** What one round deleted. */
  record Round(int sessions, GrantStore.Spent oauth, int webhookDeliveries) {

    /** Whether the round deleted anything. */
    boolean deletedAny() {
      return sessions + oauth.refreshTokens() + oauth.grants() + oauth.codes() + webhookDeliveries
          > 0;
    }
  }

  private final Stores stores;
  private final Lifetimes lifetimes;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;

  /** Housekeeping of {@code stores}, whose sessions end by {@code lifetimes}; nothing runs yet. */
  Housekeeping(Stores stores, Lifetimes lifetimes, Clock clock) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "bienvenue-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Runs one round on the calling thread and returns what it deleted. */
  Round runOnce() {
    Instant now = clock.instant();
    int sessions = stores.sessions().deleteEnded(now, now.minus(lifetimes.sessionIdleTimeout()));
    GrantStore.Spent oauth = stores.grants().deleteSpent(now, now.minus(KEPT));
    int webhooks =
        stores
            .webhookDeliveries()
            .deleteDeliveredBefore(now.minus(WebhookDispatcher.KEEP_DELIVERED));
    return new Round(sessions, oauth, webhooks);
  }

  /** Starts the rounds on the background thread. */
  void start() {
    executor.scheduleWithFixedDelay(
        this::backgroundRound, FIRST_ROUND.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void backgroundRound() {
    try {
      Round round = runOnce();
      if (round.deletedAny()) {
        LOG.info(
            "housekeeping deleted {} ended session(s), {} expired refresh token(s), {} spent"
                + " grant(s), {} spent code(s) and {} delivered webhook(s)",
            round.sessions(),
            round.oauth().refreshTokens(),
            round.oauth().grants(),
            round.oauth().codes(),
            round.webhookDeliveries());
      }
    } catch (RuntimeException e) {
      // The database is down, say: the next round tries again.
      LOG.warn("housekeeping failed, and runs again in {}: {}", INTERVAL, e.getClass().getName());
    }
  }

  /** Stops the rounds; one under way is interrupted, its transaction rolled back. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
