package io.bienvenue.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.store.Database;
import io.bienvenue.store.OutboxMessage;
import io.bienvenue.store.OutboxStore;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.PendingMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher with a real outbox (SQLite file), a real SMTP server (GreenMail) and a clock the
 * tests move: retries are tested by moving the clock past the backoff, never by sleeping.
 */
class OutboxDispatcherTest {

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(
          new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

  private static final DispatcherSettings SETTINGS =
      new DispatcherSettings(
          Duration.ofMillis(20),
          Duration.ofMinutes(5),
          10,
          3,
          Duration.ofMinutes(1),
          Duration.ofMinutes(10));

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private final AtomicInteger renders = new AtomicInteger();
  private Database database;
  private OutboxStore outbox;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @BeforeEach
  void openDatabase() {
    database = Database.open(folder.resolve("outbox.db").toString(), 4);
    outbox = new OutboxStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void aDueMessageIsRenderedSentAndMarkedSent() throws Exception {
    long id = outbox.enqueue("welcome", "bob@example.org", clock.instant()).id();

    try (OutboxDispatcher dispatcher = dispatcher(this::render, greenMailPort())) {
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
      clock.advance(Duration.ofDays(1));
      assertThat(dispatcher.dispatchDue()).isZero();
    }

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(recipientOf(received[0])).isEqualTo("bob@example.org");
    assertThat(received[0].getSubject()).isEqualTo("welcome " + id);
    assertThat(outbox.find(id).orElseThrow().sentAt()).isPresent();
    assertThat(PendingMail.count(database)).isZero();
  }

  @Test
  void aMessageRenderedEmptyIsDroppedUnsentAndNeverRetried() {
    long id = outbox.enqueue("password_reset", "nobody@example.org", clock.instant()).id();
    MailRenderer nothing =
        message -> {
          renders.incrementAndGet();
          return Optional.empty();
        };

    try (OutboxDispatcher dispatcher = dispatcher(nothing, greenMailPort())) {
      assertThat(dispatcher.dispatchDue()).isZero();
      clock.advance(Duration.ofDays(1));
      assertThat(dispatcher.dispatchDue()).isZero();
    }

    assertThat(renders).hasValue(1);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
    OutboxMessage dropped = outbox.find(id).orElseThrow();
    assertThat(dropped.droppedAt()).isPresent();
    assertThat(dropped.lastError()).contains("nothing to send");
  }

  @Test
  void anUndeliverableAddressIsDroppedAtTheFirstAttemptWithItsReasonAndNeverRetried() {
    long id = outbox.enqueue("welcome", "\u00e9@\u00fc.de", clock.instant()).id();

    try (OutboxDispatcher dispatcher = dispatcher(this::render, greenMailPort())) {
      assertThat(dispatcher.dispatchDue()).isZero();
      clock.advance(Duration.ofDays(1));
      assertThat(dispatcher.dispatchDue()).isZero();
    }

    assertThat(renders).hasValue(1);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
    OutboxMessage dropped = outbox.find(id).orElseThrow();
    assertThat(dropped.droppedAt()).isPresent();
    assertThat(dropped.attempts()).isZero();
    assertThat(dropped.lastError())
        .contains("the recipient is not an address this service sends to");
  }

  @Test
  void whileTheServerIsDownTheMessageWaitsAndIsSentOnceWhenItIsBack() throws Exception {
    int port = MailerTest.freePort();
    Instant start = clock.instant();
    long id = outbox.enqueue("welcome", "bob@example.org", start).id();

    try (OutboxDispatcher dispatcher = dispatcher(this::render, port)) {
      assertThat(dispatcher.dispatchDue()).isZero();
      OutboxMessage failed = outbox.find(id).orElseThrow();
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(failed.nextAttemptAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));
      assertThat(failed.lastError().orElseThrow()).contains("127.0.0.1:" + port);
      assertThat(failed.sentAt()).isEmpty();

      GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
      server.start();
      try {
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(server.getReceivedMessages()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();

        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(server.getReceivedMessages()).hasSize(1);
      } finally {
        server.stop();
      }
    }
    assertThat(renders).hasValue(2);
    assertThat(PendingMail.count(database)).isZero();
  }

  @Test
  void theMetricsShowTheBacklogItsAgeAndEveryFailureByKind() throws Exception {
    int port = MailerTest.freePort();
    outbox.enqueue("welcome", "bob@example.org", clock.instant());
    outbox.enqueue("welcome", "\u00e9@\u00fc.de", clock.instant());

    try (OutboxDispatcher dispatcher = dispatcher(this::render, port)) {
      assertThat(metrics.get("bienvenue.outbox.backlog").gauge().value()).isEqualTo(2);
      dispatcher.dispatchDue();
      clock.advance(Duration.ofSeconds(90));

      assertThat(metrics.get("bienvenue.outbox.backlog").gauge().value())
          .as("the undeliverable one is dropped, the other waits")
          .isEqualTo(1);
      assertThat(metrics.get("bienvenue.outbox.oldest.pending").gauge().value()).isEqualTo(90);
      assertThat(failures("temporary")).isEqualTo(1);
      assertThat(failures("undeliverable")).isEqualTo(1);

      GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
      server.start();
      try {
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      } finally {
        server.stop();
      }
    }
    assertThat(metrics.get("bienvenue.outbox.sent").tag("kind", "welcome").counter().count())
        .isEqualTo(1);
    assertThat(metrics.get("bienvenue.outbox.backlog").gauge().value()).isZero();
    assertThat(metrics.get("bienvenue.outbox.oldest.pending").gauge().value()).isZero();
  }

  private double failures(String failure) {
    return metrics
        .get("bienvenue.outbox.failures")
        .tag("kind", "welcome")
        .tag("failure", failure)
        .counter()
        .count();
  }

  @Test
  void failuresBackOffExponentiallyAndTheLastAllowedOneDropsTheMessage() throws Exception {
    int port = MailerTest.freePort();
    Instant start = clock.instant();
    long id = outbox.enqueue("welcome", "bob@example.org", start).id();

    try (OutboxDispatcher dispatcher = dispatcher(this::render, port)) {
      dispatcher.dispatchDue();
      assertThat(outbox.find(id).orElseThrow().nextAttemptAt())
          .isEqualTo(start.plus(Duration.ofMinutes(1)));
      clock.advance(Duration.ofMinutes(1));
      dispatcher.dispatchDue();
      assertThat(outbox.find(id).orElseThrow().nextAttemptAt())
          .isEqualTo(start.plus(Duration.ofMinutes(1 + 2)));
      clock.advance(Duration.ofMinutes(1));
      dispatcher.dispatchDue();
      assertThat(renders).as("not due before its backoff").hasValue(2);
      clock.advance(Duration.ofMinutes(1));
      dispatcher.dispatchDue();

      OutboxMessage dropped = outbox.find(id).orElseThrow();
      assertThat(dropped.attempts()).isEqualTo(3);
      assertThat(dropped.droppedAt()).isPresent();
      assertThat(dropped.lastError().orElseThrow()).startsWith("gave up after 3 attempts: ");
      assertThat(PendingMail.count(database)).isZero();

      GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
      server.start();
      try {
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(server.getReceivedMessages()).isEmpty();
      } finally {
        server.stop();
      }
    }
    assertThat(renders).hasValue(3);
  }

  @Test
  void aRendererThatThrowsFailsOnlyItsOwnMessage() {
    long broken = outbox.enqueue("broken", "alice@example.org", clock.instant()).id();
    long fine = outbox.enqueue("welcome", "bob@example.org", clock.instant()).id();
    MailRenderer renderer =
        message -> {
          if (message.kind().equals("broken")) {
            throw new IllegalStateException("a bug in the renderer");
          }
          return render(message);
        };

    try (OutboxDispatcher dispatcher = dispatcher(renderer, greenMailPort())) {
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    }

    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
    OutboxMessage failed = outbox.find(broken).orElseThrow();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).contains("rendering failed: java.lang.IllegalStateException");
    assertThat(failed.finished()).isFalse();
    assertThat(outbox.find(fine).orElseThrow().sentAt()).isPresent();
  }

  @Test
  void aRoundStopsWhenItsLeaseRunsOutAndLeavesTheRestForTheNext() {
    outbox.enqueue("welcome", "alice@example.org", clock.instant());
    outbox.enqueue("welcome", "bob@example.org", clock.instant());
    MailRenderer slow =
        message -> {
          clock.advance(SETTINGS.lease());
          return render(message);
        };

    try (OutboxDispatcher dispatcher = dispatcher(slow, greenMailPort())) {
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(PendingMail.count(database)).isEqualTo(1);
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    }

    assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
    assertThat(greenMail.getReceivedMessages()).hasSize(2);
    assertThat(PendingMail.count(database)).isZero();
  }

  @Test
  void aRefusedRecipientKeepsTheReplyCodeButNotTheAddressInTheRowOrTheLog() throws Exception {
    String address = "reject.me@example.org";
    long id = outbox.enqueue("welcome", address, clock.instant()).id();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try (RefusingSmtpServer server = new RefusingSmtpServer();
        OutboxDispatcher dispatcher = dispatcher(this::render, server.port())) {
      assertThat(dispatcher.dispatchDue()).isZero();
    } finally {
      root.detachAppender(captured);
    }

    String error = outbox.find(id).orElseThrow().lastError().orElseThrow();
    assertThat(error).contains("550").contains("5.1.1").doesNotContain("reject.me");
    StringBuilder logged = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      logged.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    assertThat(logged.toString()).contains("550 5.1.1").doesNotContain("reject.me");
  }

  @Test
  void startSendsInTheBackgroundAndCloseStopsTheThread() throws Exception {
    long id = outbox.enqueue("welcome", "bob@example.org", clock.instant()).id();
    AtomicReference<Thread> worker = new AtomicReference<>();
    MailRenderer renderer =
        message -> {
          worker.set(Thread.currentThread());
          return render(message);
        };
    OutboxDispatcher dispatcher = dispatcher(renderer, greenMailPort());

    dispatcher.start();

    assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
    dispatcher.close();
    Thread thread = worker.get();
    assertThat(thread).isNotSameAs(Thread.currentThread());
    assertThat(thread.isDaemon()).isTrue();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(outbox.find(id).orElseThrow().sentAt()).isPresent();
    assertThatThrownBy(dispatcher::start).isInstanceOf(IllegalStateException.class);
  }

  private Optional<MailMessage> render(OutboxMessage message) {
    renders.incrementAndGet();
    return Optional.of(
        new MailMessage(
            message.recipient(), message.kind() + " " + message.id(), "Hello from Bienvenue"));
  }

  private OutboxDispatcher dispatcher(MailRenderer renderer, int port) {
    return new OutboxDispatcher(
        outbox,
        renderer,
        new Mailer(MailerTest.settings(port, TlsMode.NONE), clock),
        clock,
        SETTINGS,
        metrics);
  }

  private static int greenMailPort() {
    return greenMail.getSmtp().getPort();
  }

  private static String recipientOf(MimeMessage mail) throws Exception {
    return ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress();
  }
}
