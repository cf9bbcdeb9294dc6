package io.bienvenue.webhooks;

import io.bienvenue.auth.WebhookEvent;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.StoredWebhookEndpoint;
import io.bienvenue.store.WebhookEndpointStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registered webhook endpoints: added, listed, removed, and given a new secret. Each secret is
 * Standard Webhooks' {@code whsec_} and the base64 of 32 random bytes, returned once in clear and
 * stored sealed by the secrets key for the context {@code webhook-endpoint:<id>}, since deliveries
 * sign with it. Thread-safe.
 */
public final class WebhookEndpoints {

  /** What starts every secret, as the Standard Webhooks specification writes it. */
  public static final String SECRET_PREFIX = "whsec_";

  private static final int SECRET_BYTES = 32;

  private final WebhookEndpointStore store;
  private final SecretBox box;
  private final Tokens tokens;
  private final SecureRandom random;
  private final Clock clock;

  /** Creates the registry over {@code store}, sealing secrets with {@code box}. */
  public WebhookEndpoints(
      WebhookEndpointStore store, SecretBox box, SecureRandom random, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.box = Objects.requireNonNull(box, "box");
    this.random = Objects.requireNonNull(random, "random");
    this.tokens = new Tokens(random);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Registers an endpoint for {@code url}.
   *
   * @param events the events it wants; empty for every event
   * @return it and its new secret, the one time the secret is in clear
   * @throws IllegalArgumentException if the URL is refused (see {@link WebhookUrls#refusal})
   */
  public WebhookSecret add(String url, Set<WebhookEvent> events) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(events, "events");
    WebhookUrls.refusal(url)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("URL refused: " + why);
            });
    String id = tokens.newId();
    String secret = newSecret();
    Instant now = clock.instant();
    Optional<List<String>> names =
        events.isEmpty()
            ? Optional.empty()
            : Optional.of(EnumSet.copyOf(events).stream().map(WebhookEvent::wireName).toList());
    StoredWebhookEndpoint stored =
        new StoredWebhookEndpoint(id, url, names, box.seal(secret, context(id)), now, now);
    store.add(stored);
    return new WebhookSecret(endpoint(stored), secret);
  }

  /** Returns every endpoint, oldest first, without secrets. */
  public List<WebhookEndpoint> list() {
    return store.list().stream().map(WebhookEndpoints::endpoint).toList();
  }

  /**
   * Removes the endpoint {@code id}.
   *
   * @throws UnknownWebhookEndpointException if there is none
   */
  public void remove(String id) {
    if (!store.remove(Objects.requireNonNull(id, "id"))) {
      throw new UnknownWebhookEndpointException(id);
    }
  }

  /**
   * Gives the endpoint {@code id} a new secret; the old one is no longer used.
   *
   * @return it and its new secret, the one time the secret is in clear
   * @throws UnknownWebhookEndpointException if there is none
   */
  public WebhookSecret rotateSecret(String id) {
    Objects.requireNonNull(id, "id");
    String secret = newSecret();
    if (!store.replaceSecret(id, box.seal(secret, context(id)), clock.instant())) {
      throw new UnknownWebhookEndpointException(id);
    }
    StoredWebhookEndpoint stored =
        store.find(id).orElseThrow(() -> new UnknownWebhookEndpointException(id));
    return new WebhookSecret(endpoint(stored), secret);
  }

  /**
   * Where a delivery to the endpoint {@code id} goes, with its secret opened: read anew for each
   * delivery, so that a rotated secret signs at once. Empty if the endpoint was removed.
   *
   * @throws io.bienvenue.secrets.UnopenableSecretException if the secret does not open with the
   *     secrets key
   */
  public Optional<WebhookTarget> target(String id) {
    Objects.requireNonNull(id, "id");
    return store
        .find(id)
        .map(
            stored ->
                new WebhookTarget(
                    stored.id(), stored.url(), box.open(stored.sealedSecret(), context(id))));
  }

  /**
   * A warning for each endpoint that the plain-http rule of {@code settings} refuses, in the mode
   * given: its deliveries fail at once, so start-up and {@code bienvenue check} say so.
   */
  public List<String> plainHttpWarnings(WebhookSettings settings, boolean production) {
    return list().stream()
        .flatMap(
            endpoint ->
                settings
                    .plainHttpRefusal(endpoint.url(), production)
                    .map(why -> "webhook endpoint " + endpoint.id() + " gets nothing: " + why)
                    .stream())
        .toList();
  }

  /** The context a secret is sealed for: the purpose and the row. */
  static String context(String id) {
    return "webhook-endpoint:" + id;
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  private static WebhookEndpoint endpoint(StoredWebhookEndpoint stored) {
    return new WebhookEndpoint(
        stored.id(),
        stored.url(),
        stored.events().map(WebhookEndpoints::events),
        stored.createdAt(),
        stored.secretRotatedAt());
  }

  /** The events stored by name; a name this version does not know is left out. */
  private static Set<WebhookEvent> events(Collection<String> names) {
    Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
    names.forEach(name -> WebhookEvent.named(name).ifPresent(events::add));
    return events;
  }
}
