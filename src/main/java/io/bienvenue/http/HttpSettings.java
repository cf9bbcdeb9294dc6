package io.bienvenue.http;

import java.util.List;
import java.util.Objects;

/**
 * How the HTTP edge behaves.
 *
 * @param secureCookies whether the session cookie is marked {@code Secure} (the service is reached
 *     over HTTPS, directly or through a TLS proxy)
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR
 *     blocks
 */
public record HttpSettings(boolean secureCookies, List<String> trustedProxies) {

  /** Plain HTTP with no proxy: development. */
  public static final HttpSettings DEVELOPMENT = new HttpSettings(false, List.of());

  /** Copies the proxy list. */
  public HttpSettings {
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
  }
}
