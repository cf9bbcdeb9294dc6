package io.bienvenue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A webhook receiver for the tests: the JDK's HTTP server on a port of its own, that checks every
 * delivery's signature with the Svix library ({@code com.svix.Webhook}, an implementation of
 * Standard Webhooks independent of the service's), keeps what it got, and answers as the test says:
 * 204, another status, a redirect, or not at all until released. It can be stopped and started
 * again on the same port, a receiver down for a while. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request received.
   *
   * @param id the {@code webhook-id} header
   * @param type the payload's {@code type}
   * @param body the body
   * @param headers every header, as the server read them
   * @param verified whether the Svix library accepted its signature with the current secret
   */
  public record Delivery(
      String id, String type, JsonNode body, Map<String, List<String>> headers, boolean verified) {

    /** The first value of header {@code name}, compared without case. */
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst();
    }
  }

  private final int port;
  private final List<Delivery> received = new ArrayList<>();
  private volatile String secret = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  private volatile int status = 204;
  private volatile String location = "";
  private volatile CountDownLatch hang = new CountDownLatch(0);
  private final CountDownLatch hanging = new CountDownLatch(1);
  private final AtomicInteger heldOpen = new AtomicInteger();
  private HttpServer server;
  private ExecutorService threads;

  private WebhookReceiver(int port) {
    this.port = port;
  }

  /** A receiver listening on a free port of 127.0.0.1. */
  public static WebhookReceiver start() {
    WebhookReceiver receiver = new WebhookReceiver(freePort());
    receiver.listen();
    return receiver;
  }

  /** A receiver on a free port that is not listening yet: down until {@link #listen()}. */
  public static WebhookReceiver down() {
    return new WebhookReceiver(freePort());
  }

  /** The URL deliveries are posted to. */
  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** Sets the secret signatures are checked with, the endpoint's {@code whsec_...}. */
  public WebhookReceiver verifyingWith(String newSecret) {
    secret = newSecret;
    return this;
  }

  /** From now on answers {@code newStatus} (204 at first), with an empty body. */
  public WebhookReceiver answering(int newStatus) {
    status = newStatus;
    return this;
  }

  /** From now on answers 302 to {@code target}. */
  public WebhookReceiver redirectingTo(String target) {
    location = target;
    status = 302;
    return this;
  }

  /** From now on keeps each request waiting, unanswered, until {@link #release()}. */
  public WebhookReceiver hanging() {
    hang = new CountDownLatch(1);
    return this;
  }

  /** Answers the requests kept waiting, and the next ones at once. */
  public void release() {
    hang.countDown();
  }

  /** Waits until a request is kept waiting by {@link #hanging()}. */
  public void awaitHanging(Duration timeout) throws InterruptedException {
    if (!hanging.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no delivery arrived at the hanging receiver within " + timeout);
    }
  }

  /**
   * How many requests it holds unanswered now, waiting for {@link #release()}, whether or not their
   * sender still waits.
   */
  public int heldOpen() {
    return heldOpen.get();
  }

  /** Starts listening (again) on its port. */
  public synchronized void listen() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext("/", this::receive);
    server.start();
  }

  /** Stops listening: deliveries get a refused connection until {@link #listen()}. */
  public synchronized void stop() {
    if (server != null) {
      hang.countDown();
      server.stop(0);
      threads.shutdownNow();
      server = null;
    }
  }

  /** Everything received so far, in order of arrival. */
  public synchronized List<Delivery> received() {
    return List.copyOf(received);
  }

  /**
   * Waits until what was received meets {@code condition}, polling, and returns it.
   *
   * @throws AssertionError if it does not within {@code timeout}
   */
  public List<Delivery> awaitReceived(Predicate<List<Delivery>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Delivery> now = received();
      if (condition.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the receiver got only " + now + " within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until at least {@code count} deliveries arrived, and returns them all. */
  public List<Delivery> awaitCount(int count, Duration timeout) throws InterruptedException {
    return awaitReceived(all -> all.size() >= count, timeout);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
      boolean verified;
      try {
        new Webhook(secret).verify(body, headers);
        verified = true;
      } catch (WebhookVerificationException | EmptyWebhookSecretException e) {
        verified = false;
      }
      JsonNode json = JSON.readTree(body.isEmpty() ? "{}" : body);
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      synchronized (this) {
        received.add(new Delivery(id, json.path("type").asText(), json, headers, verified));
      }
      CountDownLatch waiting = hang;
      if (waiting.getCount() > 0) {
        heldOpen.incrementAndGet();
        hanging.countDown();
        try {
          waiting.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          heldOpen.decrementAndGet();
        }
      }
      if (status == 302) {
        exchange.getResponseHeaders().add("Location", location);
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
