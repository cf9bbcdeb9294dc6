package io.bienvenue.config;

import io.bienvenue.http.BasePath;
import io.bienvenue.http.edge.CrossSiteTrust;
import io.bienvenue.http.edge.WebOrigin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP edge accepts from the network beyond the defaults.
 *
 * @param allowedHosts host names, beyond the public URL's (and, in development, {@code localhost},
 *     {@code 127.0.0.1} and {@code [::1]}), that requests may be addressed to: the names a proxy
 *     forwards in {@code Host}
 * @param minRequestBytesPerSecond the slowest a request body may arrive, averaged from the end of
 *     its headers, once a grace of 5 seconds has passed; 0 turns the check off
 * @param maxConnectionsPerAddress the most connections one client address may hold open at once
 *     (trusted proxies excepted); 0 turns the limit off
 * @param returnToOrigins the origins ({@code https://app.example.com}), beyond the service's own,
 *     that the web pages may send a person back to after logging in ({@code return_to})
 * @param cookieDomain the domain the session cookie is shared across ({@code example.com}, so that
 *     {@code auth.example.com} and {@code app.example.com} see one session), whose origins the
 *     cross-site guard then accepts; empty for a cookie of this host alone
 * @param corsOrigins the origins whose browser apps may call the JSON API with credentials (CORS),
 *     each exactly; never {@code *}
 * @param basePath the path prefix a proxy mounts the service under ({@code --base-path}), when
 *     given; when not, {@link Config#basePath} takes the public URL's path in production
 */
public record EdgeSettings(
    List<String> allowedHosts,
    int minRequestBytesPerSecond,
    int maxConnectionsPerAddress,
    List<String> returnToOrigins,
    Optional<String> cookieDomain,
    List<String> corsOrigins,
    Optional<BasePath> basePath) {

  /**
   * No extra host names; 240 bytes a second (Kestrel's default); 32 connections an address; no
   * origin to return to but the service's own; a cookie of this host alone; no CORS; no base path
   * given.
   */
  public static final EdgeSettings DEFAULTS = new EdgeSettings(List.of(), 240, 32);

  /**
   * These limits, no origin to return to but the service's own, a cookie of this host alone, no
   * CORS and no base path given.
   *
   * @throws IllegalArgumentException naming the flag of a value out of range
   */
  public EdgeSettings(
      List<String> allowedHosts, int minRequestBytesPerSecond, int maxConnectionsPerAddress) {
    this(
        allowedHosts,
        minRequestBytesPerSecond,
        maxConnectionsPerAddress,
        List.of(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the flag of a value out of range, an origin that is not
   *     one, or a cookie domain that cannot be shared; the cookie domain is kept in lower case
   *     without a leading dot
   */
  public EdgeSettings {
    allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
    returnToOrigins = List.copyOf(Objects.requireNonNull(returnToOrigins, "returnToOrigins"));
    returnToOrigins.forEach(origin -> WebOrigin.require(origin, "--return-to-origin"));
    cookieDomain =
        Objects.requireNonNull(cookieDomain, "cookieDomain").map(CrossSiteTrust::requireDomain);
    corsOrigins = List.copyOf(Objects.requireNonNull(corsOrigins, "corsOrigins"));
    if (corsOrigins.contains("*")) {
      throw new IllegalArgumentException(
          "--cors-origin: '*' would let any site call the API with its visitors' sessions;"
              + " name each origin (https://app.example.com)");
    }
    corsOrigins.forEach(origin -> WebOrigin.require(origin, "--cors-origin"));
    Objects.requireNonNull(basePath, "basePath");
    if (minRequestBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "--min-request-rate must be 0 or more, not " + minRequestBytesPerSecond);
    }
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "--max-connections-per-address must be 0 or more, not " + maxConnectionsPerAddress);
    }
  }
}
