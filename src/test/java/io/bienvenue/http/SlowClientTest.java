package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow bodies (issue 22): 260 connections from one address, each declaring a 10,000-byte body and
 * sending a byte every three seconds, took every worker, and {@code GET /} timed out for as long as
 * they dripped. Now the address's connections past the limit are closed at once, the rest are cut
 * off with a 408 once their grace period is over, and a fresh {@code GET /} from another address is
 * answered promptly throughout. Loopback only: the drippers come from 127.0.0.2, the probes from
 * 127.0.0.1. Bounded: 260 connections, at most {@link #RUN}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowClientTest {

  private static final int DRIPPERS = 260;
  private static final Duration DRIP_EVERY = Duration.ofSeconds(3);
  private static final Duration RUN = Duration.ofSeconds(30);
  private static final Duration PROMPT = Duration.ofSeconds(3);
  private static final Duration PROBE_EVERY = Duration.ofMillis(500);
  private static final String DRIPPER_ADDRESS = "127.0.0.2";

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  @Test
  void drippersAreCutOffWhileAFreshRequestIsAnsweredPromptly() throws IOException {
    int port = service.port();
    long started = System.nanoTime();
    List<Long> probeMillis = new ArrayList<>();
    Map<SocketChannel, Long> cutAt = new HashMap<>();
    Map<SocketChannel, String> answers = new HashMap<>();
    try (Selector selector = Selector.open()) {
      List<SocketChannel> drippers = new ArrayList<>();
      for (int i = 0; i < DRIPPERS; i++) {
        SocketChannel dripper = dripper(selector, port);
        drippers.add(dripper);
        if (!dripper.isOpen()) {
          cutAt.put(dripper, System.nanoTime() - started); // refused as soon as it was accepted
        }
      }
      long nextDrip = started + DRIP_EVERY.toNanos();
      long nextProbe = started;
      long deadline = started + RUN.toNanos();
      while (cutAt.size() < DRIPPERS && System.nanoTime() < deadline) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          if (!readSome(channel, answers)) {
            cutAt.put(channel, System.nanoTime() - started);
            key.cancel();
            channel.close();
          }
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        if (now >= nextDrip) {
          for (SocketChannel channel : drippers) {
            if (channel.isOpen() && !write(channel, "m")) {
              // The server closed it before the selector told: a cut all the same. What it
              // answered first, if anything, is still to be read.
              readSome(channel, answers);
              cutAt.putIfAbsent(channel, now - started);
              closeQuietly(channel);
            }
          }
          nextDrip = now + DRIP_EVERY.toNanos();
        }
        if (now >= nextProbe) {
          probeMillis.add(probe(port, "127.0.0.1"));
          nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
        }
      }
      drippers.forEach(SlowClientTest::closeQuietly);
    }

    assertThat(probeMillis)
        .as("GET / was probed while they dripped")
        .hasSizeGreaterThanOrEqualTo(4);
    assertThat(probeMillis)
        .as("every GET / from a fresh connection answered within %s", PROMPT)
        .allSatisfy(ms -> assertThat(ms).isLessThan(PROMPT.toMillis()));
    assertThat(cutAt).as("every dripper was cut off within %s", RUN).hasSize(DRIPPERS);
    long closedUnanswered = cutAt.keySet().stream().filter(c -> !answers.containsKey(c)).count();
    assertThat(closedUnanswered)
        .as("the address's connections past the limit of 32 were closed before being read")
        .isGreaterThanOrEqualTo(DRIPPERS - 32);
    assertThat(answers.values())
        .as("those the limit let in were cut off with a 408 JSON")
        .hasSizeBetween(1, 32)
        .allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 408").contains("too slowly"));
    assertThat(probe(port, DRIPPER_ADDRESS))
        .as("once they are gone, the dripping address is served again")
        .isLessThan(PROMPT.toMillis());
  }

  @Test
  void aBodyCompleteByItsLengthIsNeverCutOffHoweverLateItsEndCame() throws IOException {
    String body = "email=ada%40example.org&password=wrong";
    // Past the grace period, with a tenth of a 240-bytes-a-second rate read: no answer yet.
    try (RawHttp connection =
        RawHttp.connect(service.port(), HttpApp.SLOW_BODY_GRACE.plusSeconds(1))) {
      connection.write(
          "POST /sessions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
              + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body.substring(0, 10));
      assertThatThrownBy(connection::readByte)
          .as("nothing is answered before the body is complete")
          .isInstanceOf(SocketTimeoutException.class);

      connection.write(body.substring(10));
      connection.timeout(PROMPT.multipliedBy(5));
      String answer = connection.readToEnd();

      assertThat(answer)
          .as("the login was read and refused, not cut off")
          .startsWith("HTTP/1.1 401");
    }
  }

  /** A connection from the drippers' address that sends its headers and the first byte. */
  private static SocketChannel dripper(Selector selector, int port) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.bind(new InetSocketAddress(DRIPPER_ADDRESS, 0));
    channel.connect(new InetSocketAddress("127.0.0.1", port));
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_READ);
    String head =
        "POST /sessions HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\ne";
    if (!write(channel, head)) {
      channel.close();
    }
    return channel;
  }

  private static boolean write(SocketChannel channel, String text) {
    try {
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads what the server sent; false once the server has closed the connection. */
  private static boolean readSome(SocketChannel channel, Map<SocketChannel, String> answers) {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    try {
      int n;
      while ((n = channel.read(buffer)) > 0) {
        buffer.flip();
        answers.merge(
            channel, StandardCharsets.ISO_8859_1.decode(buffer).toString(), String::concat);
        buffer.clear();
      }
      return n == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The milliseconds a GET / from a fresh connection of {@code from} took to be answered 200. */
  private static long probe(int port, String from) throws IOException {
    long started = System.nanoTime();
    try (RawHttp connection = RawHttp.connect(from, port, PROMPT)) {
      connection.timeout(PROMPT.multipliedBy(2));
      connection.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      String answer = connection.readToEnd();
      assertThat(answer).as("GET / from %s", from).startsWith("HTTP/1.1 200");
    } catch (SocketTimeoutException e) {
      return Long.MAX_VALUE;
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a test connection that is already gone.
    }
  }
}
