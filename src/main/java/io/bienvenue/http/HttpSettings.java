package io.bienvenue.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How the HTTP edge behaves.
 *
 * @param secureCookies whether the session cookie is marked {@code Secure} (the service is reached
 *     over HTTPS, directly or through a TLS proxy)
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR
 *     blocks
 * @param isOutage tells whether an unexpected failure means a dependency (the database) is out of
 *     reach, to be answered 503 rather than 500
 * @param metrics where request metrics go
 * @param pages whether the web pages under {@code /ui/} are served
 */
public record HttpSettings(
    boolean secureCookies,
    List<String> trustedProxies,
    Predicate<Throwable> isOutage,
    MeterRegistry metrics,
    boolean pages) {

  /** Copies the proxy list. */
  public HttpSettings {
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    Objects.requireNonNull(isOutage, "isOutage");
    Objects.requireNonNull(metrics, "metrics");
  }
}
