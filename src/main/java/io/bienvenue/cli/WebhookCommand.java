package io.bienvenue.cli;

import io.bienvenue.Administration;
import io.bienvenue.auth.WebhookEvent;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.StoredWebhookDelivery;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.webhooks.WebhookEndpoint;
import io.bienvenue.webhooks.WebhookEndpoints;
import io.bienvenue.webhooks.WebhookSecret;
import io.bienvenue.webhooks.WebhookUrls;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue webhook ...}: an operator's commands for the endpoints that receive webhooks, on
 * SQLite or PostgreSQL. Each prints JSON; an endpoint's signing secret is printed only by {@code
 * add} and {@code rotate-secret}, the one time it is shown.
 */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description =
        "Registers, lists and removes webhook endpoints; replaces an endpoint's secret; lists the"
            + " deliveries given up and sends them again.")
final class WebhookCommand {

  private static final String SECRETS_KEY_FILE_HELP =
      "The service's secrets key file (see serve --help); or the key itself in"
          + " BIENVENUE_SECRETS_KEY. Without either, the key file development made beside the"
          + " database, which must exist. Env: BIENVENUE_SECRETS_KEY_FILE.";

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Registers an endpoint and prints it as JSON with its id and its signing secret"
            + " (whsec_...): shown this once, it is stored sealed with the secrets key.",
        "The URL is absolute http or https, with a host, no userinfo and no fragment, at most"
            + " 2000 characters."
      })
  int add(
      @Mixin DatabaseOption database,
      @Option(
              names = "--url",
              required = true,
              paramLabel = "URL",
              description = "Where the events are sent.")
          String url,
      @Option(
              names = "--event",
              paramLabel = "NAME",
              description =
                  "An event it receives (user.created, session.created...); repeat for several."
                      + " Without any, every event.")
          List<String> eventNames,
      @Option(names = "--secrets-key-file", description = SECRETS_KEY_FILE_HELP)
          Path secretsKeyFile) {
    WebhookUrls.refusal(url)
        .ifPresent(
            why -> {
              throw new ParameterException(
                  spec.commandLine(), "--url " + ClientCommand.shown(url) + " refused: " + why);
            });
    Set<WebhookEvent> events = events(eventNames == null ? List.of() : eventNames);
    try (Administration admin = UserCommand.open(database)) {
      WebhookSecret added =
          webhooks(admin, database, secretsKeyFile, "webhook add").add(url, events);
      print(json(added.endpoint(), Optional.of(added.secret())));
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Prints every endpoint as a JSON array, oldest first; never a secret.")
  int list(@Mixin DatabaseOption database) {
    try (Administration admin = UserCommand.openToRead(database)) {
      WebhookEndpoints webhooks =
          admin.webhooks(SecretBox.withoutKeys("webhook list opens no secret"));
      print(webhooks.list().stream().map(e -> json(e, Optional.empty())).toList());
    }
    return 0;
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes an endpoint: it receives no more events.")
  int remove(@Mixin DatabaseOption database, @Parameters(paramLabel = "ID") String id) {
    try (Administration admin = UserCommand.open(database)) {
      admin.webhooks(SecretBox.withoutKeys("webhook remove opens no secret")).remove(id);
      spec.commandLine().getOut().println("removed webhook endpoint " + id);
    }
    return 0;
  }

  @Command(
      name = "rotate-secret",
      mixinStandardHelpOptions = true,
      description = {
        "Gives an endpoint a new signing secret and prints it as JSON, this once; events are"
            + " signed with it from then on."
      })
  int rotateSecret(
      @Mixin DatabaseOption database,
      @Parameters(paramLabel = "ID") String id,
      @Option(names = "--secrets-key-file", description = SECRETS_KEY_FILE_HELP)
          Path secretsKeyFile) {
    try (Administration admin = UserCommand.open(database)) {
      WebhookSecret rotated =
          webhooks(admin, database, secretsKeyFile, "webhook rotate-secret").rotateSecret(id);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", rotated.endpoint().id());
      json.put("secret", rotated.secret());
      print(json);
    }
    return 0;
  }

  @Command(
      name = "failures",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the deliveries given up after their last retry as a JSON array, the most recent"
            + " first: id, endpoint_id, url, message_id, type, attempts, last_error, created_at,"
            + " failed_at. Send them again with webhook redeliver."
      })
  int failures(
      @Mixin DatabaseOption database,
      @Option(
              names = "--limit",
              defaultValue = "100",
              paramLabel = "N",
              description = "The most deliveries printed. Default: ${DEFAULT-VALUE}.")
          int limit) {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
    }
    try (Administration admin = UserCommand.open(database)) {
      Map<String, String> urls =
          admin.webhooks(SecretBox.withoutKeys("webhook failures opens no secret")).list().stream()
              .collect(Collectors.toMap(WebhookEndpoint::id, WebhookEndpoint::url));
      print(
          admin.webhookDeliveries().failed(limit).stream()
              .map(delivery -> failureJson(delivery, urls))
              .toList());
    }
    return 0;
  }

  @Command(
      name = "redeliver",
      mixinStandardHelpOptions = true,
      description = {
        "Sends a failed delivery (or, with --all, every one) again: it is pending at once, with"
            + " its retries counted anew, and keeps its webhook-id, so a receiver can tell it"
            + " from a new event."
      })
  int redeliver(
      @Mixin DatabaseOption database,
      @Parameters(
              paramLabel = "ID",
              arity = "0..1",
              description = "The delivery's id, as webhook failures prints it.")
          String id,
      @Option(names = "--all", description = "Every failed delivery.") boolean all) {
    if (all == (id != null)) {
      throw new ParameterException(spec.commandLine(), "give a delivery's ID or --all, not both");
    }
    try (Administration admin = UserCommand.open(database)) {
      WebhookDeliveryStore deliveries = admin.webhookDeliveries();
      if (all) {
        int count = deliveries.redeliverAllFailed(admin.clock().instant());
        spec.commandLine().getOut().println("redelivering " + count + " webhook delivery(ies)");
        return 0;
      }
      long number = deliveryId(id);
      if (!deliveries.redeliver(number, admin.clock().instant())) {
        throw new IllegalArgumentException("no failed webhook delivery " + number);
      }
      spec.commandLine().getOut().println("redelivering webhook delivery " + number);
    }
    return 0;
  }

  private long deliveryId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), "ID " + ClientCommand.shown(id) + " is no delivery id (a number)");
    }
  }

  /** The JSON of a failed delivery, with its endpoint's URL (null if the endpoint went). */
  private static Map<String, Object> failureJson(
      StoredWebhookDelivery delivery, Map<String, String> urls) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", delivery.id());
    json.put("endpoint_id", delivery.endpointId());
    json.put("url", urls.get(delivery.endpointId()));
    json.put("message_id", delivery.messageId());
    json.put("type", delivery.eventType());
    json.put("attempts", delivery.attempts());
    json.put("last_error", delivery.lastError().orElse(null));
    json.put("created_at", delivery.createdAt().toString());
    json.put("failed_at", delivery.failedAt().map(Object::toString).orElse(null));
    return json;
  }

  private WebhookEndpoints webhooks(
      Administration admin, DatabaseOption database, Path secretsKeyFile, String command) {
    return admin.webhooks(
        new SecretBox(KeysCommand.secretsKeys(spec, command, database.location, secretsKeyFile)));
  }

  /** The events named, refusing an unknown name as a wrong command line. */
  private Set<WebhookEvent> events(List<String> names) {
    Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
    for (String name : names) {
      events.add(
          WebhookEvent.named(name)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--event "
                              + ClientCommand.shown(name)
                              + " is no event; one of: "
                              + eventNames())));
    }
    return events;
  }

  private static String eventNames() {
    return Arrays.stream(WebhookEvent.values())
        .map(WebhookEvent::wireName)
        .collect(Collectors.joining(", "));
  }

  /** The JSON of {@code endpoint}; {@code secret} follows its id. */
  private static Map<String, Object> json(WebhookEndpoint endpoint, Optional<String> secret) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", endpoint.id());
    secret.ifPresent(shown -> json.put("secret", shown));
    json.put("url", endpoint.url());
    json.put(
        "events",
        endpoint
            .events()
            .map(events -> events.stream().sorted().map(WebhookEvent::wireName).toList())
            .orElse(null));
    json.put("created_at", endpoint.createdAt().toString());
    json.put("secret_rotated_at", endpoint.secretRotatedAt().toString());
    return json;
  }

  private void print(Object json) {
    JsonOutput.print(spec.commandLine().getOut(), json);
  }
}
