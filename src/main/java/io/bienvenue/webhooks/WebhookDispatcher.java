package io.bienvenue.webhooks;

import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.WebhookDeliveryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox: claims due deliveries, posts each, signed the Standard Webhooks way,
 * to its endpoint, and records the outcome, so a request only writes an outbox row and a slow or
 * dead receiver delays its events without losing them or slowing any request.
 *
 * <p>An answer 2xx delivers; anything else (another status, a redirect, which is never followed, a
 * timeout, a refused connection) is retried after the next wait of {@link WebhookSettings#retries},
 * and after the last the delivery is kept as failed, for {@code webhook redeliver}. In production a
 * plain-http URL whose host the operator did not allow fails at once. The endpoint and its secret
 * are read for each delivery. {@code last_error} holds a status line or the kind of failure, never
 * a secret nor a response body. Delivery is at least once: a delivery posted but not recorded (the
 * process died) is posted again, with the same {@code webhook-id}, once its lease runs out; a
 * user's events reach an endpoint in order, since the store never hands out one while an older one
 * is pending.
 *
 * <p>Thread-safe. {@link #start()} runs rounds on a daemon thread, each posting up to {@link
 * WebhookSettings#concurrency} deliveries at once on a pool of that many threads; {@link
 * #dispatchDue()} runs one round on the caller's thread.
 */
public final class WebhookDispatcher implements AutoCloseable {

  /** How long delivered rows stay in the table, for operators to look at. */
  public static final Duration KEEP_DELIVERED = Duration.ofDays(7);

  /** The User-Agent of every delivery. */
  public static final String USER_AGENT =
      "Bienvenue-Webhooks/1 (+https://www.standardwebhooks.com)";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookDeliveryStore store;
  private final WebhookEndpoints endpoints;
  private final WebhookSettings settings;
  private final boolean production;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor poller;
  private final ExecutorService posters;
  private final Counter delivered;
  private final Counter retried;
  private final Counter failed;
  private volatile boolean closing;
  private boolean started;
  private boolean failing;

  /**
   * Creates a dispatcher and registers its meters in {@code metrics}; nothing runs until {@link
   * #start()} or {@link #dispatchDue()}.
   *
   * @param production whether the plain-http rule of production applies
   */
  public WebhookDispatcher(
      WebhookDeliveryStore store,
      WebhookEndpoints endpoints,
      WebhookSettings settings,
      boolean production,
      MeterRegistry metrics,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.production = production;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.poller = new ScheduledThreadPoolExecutor(1, daemons("bienvenue-webhooks"));
    poller.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.posters =
        Executors.newFixedThreadPool(settings.concurrency(), daemons("bienvenue-webhook-post"));
    this.delivered = outcome(metrics, "delivered");
    this.retried = outcome(metrics, "retried");
    this.failed = outcome(metrics, "failed");
    backlog(
        metrics, "bienvenue.webhook.pending", "Webhook deliveries waiting", s -> s.countPending());
    backlog(
        metrics, "bienvenue.webhook.failed", "Webhook deliveries given up", s -> s.countFailed());
    Gauge.builder("bienvenue.webhook.oldest.pending.age", store, this::oldestPendingAgeSeconds)
        .description("The age of the oldest webhook delivery waiting")
        .baseUnit("seconds")
        .strongReference(true)
        .register(metrics);
  }

  /**
   * Starts the background thread: a round at once, then one every poll interval after the last
   * ended (at once again while rounds come back full). A round that fails (the database is down) is
   * logged and the next one runs as planned.
   *
   * @throws IllegalStateException if already started, or closed
   */
  public synchronized void start() {
    if (started || closing) {
      throw new IllegalStateException("the webhook dispatcher was already started or closed");
    }
    started = true;
    poller.scheduleWithFixedDelay(
        this::backgroundRounds, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one round on the calling thread: claims up to {@link WebhookSettings#concurrency} due
   * deliveries, posts them at once and waits for every outcome. Once closing, it does nothing.
   *
   * @return how many deliveries were claimed
   * @throws RuntimeException if the outbox cannot be read
   */
  public int dispatchDue() {
    if (closing) {
      return 0;
    }
    List<StoredWebhookDelivery> claimed =
        store.claimDue(clock.instant(), settings.lease(), settings.concurrency());
    List<Future<?>> posting = new ArrayList<>();
    for (StoredWebhookDelivery delivery : claimed) {
      posting.add(posters.submit(() -> handleLogged(delivery)));
    }
    for (Future<?> post : posting) {
      try {
        post.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        LOG.error("a webhook delivery failed unexpectedly", e.getCause());
      }
    }
    return claimed.size();
  }

  /**
   * Stops the rounds, waiting for the one in progress (its attempts end within the request
   * timeout), then the posting threads. Deliveries claimed but not yet posted stay in the outbox,
   * and any instance posts them once their lease runs out. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    long waitMillis = settings.requestTimeout().multipliedBy(2).plusSeconds(5).toMillis();
    poller.shutdown();
    try {
      // The round in progress first: it still hands its deliveries to the posting threads, which
      // skip those not yet begun, since the dispatcher is closing.
      boolean stopped = poller.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
      posters.shutdown();
      if (!stopped || !posters.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("the webhook dispatcher did not stop within {} ms", waitMillis);
        poller.shutdownNow();
        posters.shutdownNow();
      }
    } catch (InterruptedException e) {
      poller.shutdownNow();
      posters.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void backgroundRounds() {
    try {
      while (!closing && dispatchDue() == settings.concurrency()) {
        // A full round: more may be due, so the next runs without waiting for the poll.
      }
      if (failing) {
        failing = false;
        LOG.info("webhook rounds run again");
      }
    } catch (RuntimeException e) {
      // A thrown exception would cancel every later round: try again next poll. An outage fails
      // every round, a second apart: said once, and once more when it ends.
      if (!failing) {
        failing = true;
        LOG.error("a webhook round failed; retrying every {}", settings.pollInterval(), e);
      }
    }
  }

  private void handleLogged(StoredWebhookDelivery delivery) {
    if (closing || leaseRanOut(delivery)) {
      return;
    }
    try {
      handle(delivery);
    } catch (RuntimeException e) {
      // The secret does not open, say: counted as an attempt, so that it is retried, then kept.
      LOG.error("webhook delivery {} could not be handled", delivery.id(), e);
      try {
        failedAttempt(delivery, "not sent (" + e.getClass().getSimpleName() + ")");
      } catch (RuntimeException again) {
        LOG.error("webhook delivery {} could not be recorded", delivery.id(), again);
      }
    }
  }

  private boolean leaseRanOut(StoredWebhookDelivery delivery) {
    return delivery.claimedUntil().map(until -> !clock.instant().isBefore(until)).orElse(true);
  }

  /** Posts one delivery and records the outcome. */
  private void handle(StoredWebhookDelivery delivery) {
    var target = endpoints.target(delivery.endpointId());
    if (target.isEmpty()) {
      // Removed since it was claimed: its rows went with it.
      return;
    }
    var refusal = settings.plainHttpRefusal(target.get().url(), production);
    if (refusal.isPresent()) {
      giveUp(delivery, refusal.get());
      return;
    }
    String error = post(delivery, target.get());
    if (error == null) {
      store.markDelivered(delivery.id(), clock.instant());
      delivered.increment();
      LOG.info(
          "webhook {} ({}) delivered to endpoint {}",
          delivery.messageId(),
          delivery.eventType(),
          delivery.endpointId());
      return;
    }
    failedAttempt(delivery, error);
  }

  /** Records a failed attempt: retried after the next wait, or given up after the last. */
  private void failedAttempt(StoredWebhookDelivery delivery, String error) {
    int failures = delivery.attempts() + 1;
    if (failures > settings.retries().size()) {
      giveUp(delivery, "gave up after " + failures + " attempts: " + error);
      return;
    }
    Duration wait = settings.retries().get(failures - 1);
    store.markRetry(delivery.id(), clock.instant().plus(wait), error);
    retried.increment();
    LOG.warn(
        "webhook {} ({}) to endpoint {} failed, attempt {}, next in {}: {}",
        delivery.messageId(),
        delivery.eventType(),
        delivery.endpointId(),
        failures,
        wait,
        error);
  }

  private void giveUp(StoredWebhookDelivery delivery, String error) {
    store.markFailed(delivery.id(), clock.instant(), error);
    failed.increment();
    LOG.warn(
        "webhook {} ({}) to endpoint {} failed for good: {}",
        delivery.messageId(),
        delivery.eventType(),
        delivery.endpointId(),
        error);
  }

  /** Posts {@code delivery}; returns null if the receiver took it, else why not. */
  private String post(StoredWebhookDelivery delivery, WebhookTarget target) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.url()))
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", USER_AGENT)
            .header(WebhookSignature.ID_HEADER, delivery.messageId())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(
                    target.secret(), delivery.messageId(), timestamp, delivery.payload()))
            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
            .build();
    CompletableFuture<HttpResponse<Void>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      int status =
          answer.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
      if (status >= 200 && status < 300) {
        return null;
      }
      if (status >= 300 && status < 400) {
        return "HTTP " + status + " (redirects are not followed)";
      }
      return "HTTP " + status;
    } catch (TimeoutException e) {
      answer.cancel(true);
      return timedOut();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return "interrupted: the service was stopping";
    } catch (ExecutionException e) {
      return failure(e.getCause());
    }
  }

  private String timedOut() {
    return "no answer within " + settings.requestTimeout().toMillis() + " ms";
  }

  /** What went wrong, without the exception's message, which may quote the receiver. */
  private String failure(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "could not connect within " + settings.connectTimeout().toMillis() + " ms";
    }
    if (cause instanceof HttpTimeoutException) {
      return timedOut();
    }
    if (cause instanceof ConnectException) {
      return "could not connect (refused or unreachable)";
    }
    if (cause instanceof IOException) {
      return "the connection failed (" + cause.getClass().getSimpleName() + ")";
    }
    return "the request failed (" + cause.getClass().getSimpleName() + ")";
  }

  private double oldestPendingAgeSeconds(WebhookDeliveryStore deliveries) {
    try {
      return deliveries
          .oldestPending()
          .map(oldest -> Duration.between(oldest, clock.instant()).toMillis() / 1000.0)
          .orElse(0.0);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private void backlog(
      MeterRegistry metrics,
      String name,
      String description,
      ToLongFunction<WebhookDeliveryStore> count) {
    Gauge.builder(
            name,
            store,
            deliveries -> {
              try {
                return count.applyAsLong(deliveries);
              } catch (RuntimeException e) {
                return Double.NaN;
              }
            })
        .description(description)
        .strongReference(true)
        .register(metrics);
  }

  private static Counter outcome(MeterRegistry metrics, String outcome) {
    return Counter.builder("bienvenue.webhook.deliveries")
        .description("Webhook delivery attempts, by outcome")
        .tag("outcome", outcome)
        .register(metrics);
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
