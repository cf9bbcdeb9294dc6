package io.bienvenue.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How webhooks are delivered.
 *
 * @param pollInterval the pause between two rounds of the dispatcher
 * @param connectTimeout the longest wait for a receiver to accept the connection
 * @param requestTimeout the longest wait for a whole attempt, from sending to the end of the answer
 * @param concurrency how many deliveries are posted at once, and claimed in one round
 * @param retries the wait before each retry, in order; after the last retry fails, the delivery is
 *     given up (kept as failed), so there are {@code retries.size() + 1} attempts in all
 * @param allowedHttpHosts the hosts (lower case) that production delivers to over plain {@code
 *     http}; every other host must be {@code https} there. Development delivers to any.
 */
public record WebhookSettings(
    Duration pollInterval,
    Duration connectTimeout,
    Duration requestTimeout,
    int concurrency,
    List<Duration> retries,
    Set<String> allowedHttpHosts) {

  /** The retries of the defaults: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 24 h. */
  public static final List<Duration> DEFAULT_RETRIES =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofHours(24));

  /**
   * The defaults: a round every second, 5 seconds to connect and 10 for the whole attempt, 4 at
   * once, the {@link #DEFAULT_RETRIES} (about two days), no plain-http host in production.
   */
  public static final WebhookSettings DEFAULTS =
      new WebhookSettings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          4,
          DEFAULT_RETRIES,
          Set.of());

  /**
   * Checks every setting and copies the lists.
   *
   * @throws IllegalArgumentException if a duration is not positive, the connect timeout exceeds the
   *     request timeout, the concurrency is below 1, or a host is blank
   */
  public WebhookSettings {
    requirePositive(pollInterval, "pollInterval");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    if (connectTimeout.compareTo(requestTimeout) > 0) {
      throw new IllegalArgumentException("connectTimeout must not exceed requestTimeout");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    retries = List.copyOf(retries);
    retries.forEach(retry -> requirePositive(retry, "a retry"));
    allowedHttpHosts =
        Objects.requireNonNull(allowedHttpHosts, "allowedHttpHosts").stream()
            .map(host -> host.strip().toLowerCase(Locale.ROOT))
            .peek(
                host -> {
                  if (host.isEmpty()) {
                    throw new IllegalArgumentException("a plain-http webhook host is blank");
                  }
                })
            .collect(Collectors.toUnmodifiableSet());
  }

  /** These settings with {@code hosts} allowed over plain http in production. */
  public WebhookSettings withAllowedHttpHosts(Set<String> hosts) {
    return new WebhookSettings(
        pollInterval, connectTimeout, requestTimeout, concurrency, retries, hosts);
  }

  /**
   * How long a round holds the deliveries it claimed: every one of them is posted at once and each
   * attempt ends within the request timeout, so twice that and half a minute is ample.
   */
  public Duration lease() {
    return requestTimeout.multipliedBy(2).plusSeconds(30);
  }

  /**
   * Why a delivery to {@code url} is refused by the plain-http rule, or empty if it may go: in
   * production an {@code http} URL goes only to a host the operator allowed.
   */
  public Optional<String> plainHttpRefusal(String url, boolean production) {
    if (!production) {
      return Optional.empty();
    }
    URI uri = URI.create(url);
    String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    String host = Objects.requireNonNullElse(uri.getHost(), "").toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || allowedHttpHosts.contains(host)) {
      return Optional.empty();
    }
    return Optional.of(
        "plain http is refused in production: use https, or allow the host with"
            + " --webhook-allow-http-host "
            + host);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
