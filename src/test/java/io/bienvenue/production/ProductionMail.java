package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.config.Config;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A production service ({@code --production --require-verified-email}) on a fresh SQLite file, with
 * the in-process GreenMail SMTP server it sends to: what an attacker's replay runs against.
 */
final class ProductionMail implements AutoCloseable {

  final RunningService running;
  final ApiClient api;
  private final Path database;
  private final int smtpPort;
  GreenMail smtp;

  ProductionMail(Path folder, Clock clock, boolean requireVerifiedEmail) {
    this(folder, clock, requireVerifiedEmail, List.of());
  }

  /** As the three-argument form, the pages allowed to return to {@code returnToOrigins} too. */
  ProductionMail(
      Path folder, Clock clock, boolean requireVerifiedEmail, List<String> returnToOrigins) {
    smtpPort = freePort();
    smtp = startSmtp(smtpPort);
    database = folder.resolve("production.db");
    Config config = config(smtpPort, database, requireVerifiedEmail);
    running =
        new RunningService(
            ConfigBuilder.from(config).returnToOrigins(returnToOrigins).build(), clock);
    api = running.client;
  }

  /** Stops the SMTP server: mail waits in the outbox meanwhile. */
  void stopSmtp() {
    smtp.stop();
  }

  /** Starts a fresh SMTP server on the same port, with no mail received yet. */
  void restartSmtp() {
    smtp = startSmtp(smtpPort);
  }

  /** The kinds of the outbox rows still pending, oldest first, read from a second connection. */
  List<String> pendingKinds() {
    try (Database opened = Database.open(database.toString(), 1)) {
      return opened
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery(
                          "SELECT kind FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL"
                              + " ORDER BY id")
                      .mapTo(String.class)
                      .list());
    }
  }

  /** Waits for {@code count} mails in all, and returns every mail received. */
  List<MimeMessage> awaitMails(int count) {
    assertThat(smtp.waitForIncomingEmail(10_000, count)).as(count + " mail(s) arrive").isTrue();
    return List.of(smtp.getReceivedMessages());
  }

  /** Asserts that no mail beyond the first {@code count} arrives within two seconds. */
  void assertNoMoreThan(int count) {
    assertThat(smtp.waitForIncomingEmail(2_000, count + 1))
        .as("no mail beyond " + count + ", to anyone: " + recipients())
        .isFalse();
  }

  /** Every recipient of every mail received, in order. */
  List<String> recipients() {
    List<String> all = new ArrayList<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      try {
        Arrays.stream(mail.getAllRecipients()).map(Object::toString).forEach(all::add);
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return all;
  }

  /** How many users the database holds, read from a second connection. */
  long users() {
    try (Database opened = Database.open(database.toString(), 1)) {
      return opened
          .jdbi()
          .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }
  }

  @Override
  public void close() {
    running.close();
    smtp.stop();
  }

  private static Config config(int smtpPort, Path database, boolean requireVerifiedEmail) {
    Config config = ProductionConfigs.of(database, smtpPort);
    return requireVerifiedEmail ? ProductionConfigs.requiringVerification(config) : config;
  }

  private static GreenMail startSmtp(int port) {
    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return server;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
