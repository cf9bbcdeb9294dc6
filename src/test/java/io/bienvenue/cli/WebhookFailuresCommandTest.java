package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.RunningService;
import io.bienvenue.testing.TestSecrets;
import io.bienvenue.testing.WebhookReceiver;
import io.bienvenue.testing.WebhookReceiver.Delivery;
import io.bienvenue.webhooks.WebhookSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code webhook failures} and {@code webhook redeliver}, run in-process against the SQLite file of
 * a running service whose receiver answers 500 until the operator has it fixed: the failed delivery
 * is listed, sent again and delivered with its first webhook-id.
 */
class WebhookFailuresCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final WebhookSettings QUICK =
      new WebhookSettings(
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          4,
          List.of(Duration.ofMillis(100), Duration.ofMillis(100)),
          Set.of());

  private final Cli cli = new Cli();
  @TempDir Path folder;
  private String database;
  private Path keyFile;
  private RunningService service;
  private WebhookReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    database = folder.resolve("service.db").toString();
    keyFile = folder.resolve("secrets.key");
    Files.writeString(keyFile, TestSecrets.KEY + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    service =
        new RunningService(
            ConfigBuilder.development(database).webhooks(QUICK).build(), Clock.systemUTC());
    receiver = WebhookReceiver.start().answering(500);
    assertThat(run("webhook", "add", "--url", receiver.url(), "--secrets-key-file=" + keyFile))
        .as(cli.err())
        .isZero();
    receiver.verifyingWith(JSON.readTree(cli.out()).path("secret").asText());
  }

  @AfterEach
  void stop() {
    receiver.close();
    service.close();
  }

  private int run(String... args) {
    cli.clear();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--database=" + database);
    return cli.run(line.toArray(String[]::new));
  }

  private void register(String email) {
    assertThat(
            new ApiClient("http://127.0.0.1:" + service.service.port())
                .postForm("/users", Map.of("email", email, "password", "pwd-of-ada-long"))
                .status())
        .isEqualTo(200);
  }

  /** Waits until {@code webhook failures} lists {@code count} deliveries, and returns them. */
  private JsonNode awaitFailures(int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      assertThat(run("webhook", "failures")).as(cli.err()).isZero();
      JsonNode failures = JSON.readTree(cli.out());
      if (failures.size() >= count) {
        return failures;
      }
      assertThat(System.nanoTime()).as("failed in time: " + failures).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aDeliveryGivenUpIsListedAndRedeliveredWithItsWebhookId() throws Exception {
    register("ada@example.org");

    JsonNode failure = awaitFailures(1).get(0);
    assertThat(failure.path("url").asText()).isEqualTo(receiver.url());
    assertThat(failure.path("type").asText()).isEqualTo("user.created");
    assertThat(failure.path("attempts").asInt()).isEqualTo(3);
    assertThat(failure.path("last_error").asText()).isEqualTo("gave up after 3 attempts: HTTP 500");
    assertThat(failure.path("message_id").asText()).startsWith("msg_");
    assertThat(failure.path("endpoint_id").asText()).isNotBlank();
    assertThat(Instant.parse(failure.path("failed_at").asText()))
        .isAfterOrEqualTo(Instant.parse(failure.path("created_at").asText()));
    assertThat(receiver.received()).hasSize(3);

    receiver.answering(204);
    assertThat(run("webhook", "redeliver", failure.path("id").asText())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("redelivering webhook delivery " + failure.path("id").asText());

    List<Delivery> got = receiver.awaitCount(4, WAIT);
    assertThat(got)
        .allSatisfy(d -> assertThat(d.id()).isEqualTo(failure.path("message_id").asText()))
        .allSatisfy(d -> assertThat(d.verified()).isTrue());
    assertThat(run("webhook", "failures", "--limit", "5")).isZero();
    assertThat(JSON.readTree(cli.out())).isEmpty();
  }

  @Test
  void redeliverAllSendsEveryFailureAgain() throws Exception {
    register("ada@example.org");
    register("bob@example.org");
    JsonNode failures = awaitFailures(2);
    assertThat(run("webhook", "failures", "--limit", "1")).isZero();
    assertThat(JSON.readTree(cli.out())).hasSize(1);

    receiver.answering(200);
    assertThat(run("webhook", "redeliver", "--all")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("redelivering 2 webhook delivery(ies)");

    List<Delivery> got = receiver.awaitReceived(all -> all.size() == 8, WAIT);
    assertThat(got.subList(6, 8))
        .extracting(Delivery::id)
        .containsExactlyInAnyOrder(
            failures.get(0).path("message_id").asText(),
            failures.get(1).path("message_id").asText());
  }

  @Test
  void anUnknownOrMistypedDeliveryIsRefused() {
    assertThat(run("webhook", "redeliver", "999")).isEqualTo(1);
    assertThat(cli.err()).contains("no failed webhook delivery 999");
    assertThat(run("webhook", "redeliver", "nine")).isEqualTo(2);
    assertThat(cli.err()).contains("is no delivery id");
    assertThat(run("webhook", "redeliver")).isEqualTo(2);
    assertThat(run("webhook", "redeliver", "1", "--all")).isEqualTo(2);
    assertThat(cli.err()).contains("give a delivery's ID or --all");
    assertThat(run("webhook", "failures", "--limit", "0")).isEqualTo(2);
  }
}
