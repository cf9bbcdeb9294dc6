package io.bienvenue.http;

import io.bienvenue.http.edge.AllowedHosts;
import io.bienvenue.http.edge.CrossSiteTrust;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How the HTTP edge behaves.
 *
 * @param secureCookies whether the session cookie is marked {@code Secure} (the service is reached
 *     over HTTPS, directly or through a TLS proxy)
 * @param sessionCookie the session cookie's name; a {@code __Host-} or {@code __Secure-} one needs
 *     {@code secureCookies}, and a {@code __Host-} one no cookie domain
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR
 *     blocks
 * @param isOutage tells whether an unexpected failure means a dependency (the database) is out of
 *     reach, to be answered 503 rather than 500
 * @param metrics where request metrics go
 * @param pages whether the web pages under {@code /ui/} are served
 * @param allowedHosts the host names requests may be addressed to; any other is a 421
 * @param minRequestBytesPerSecond the slowest a request body may arrive once its grace period is
 *     over; 0 for no limit
 * @param maxConnectionsPerAddress the most connections one client address (not a trusted proxy)
 *     holds open at once; 0 for no limit
 * @param returnTo where the web pages may send a person back to once they are done
 * @param crossSite the other origins trusted to change state (CORS origins, and those within the
 *     cookie domain), and the domain the session cookie is shared across
 * @param basePath the path prefix every route is under; {@link BasePath#NONE} for none
 */
public record HttpSettings(
    boolean secureCookies,
    String sessionCookie,
    List<String> trustedProxies,
    Predicate<Throwable> isOutage,
    MeterRegistry metrics,
    boolean pages,
    AllowedHosts allowedHosts,
    int minRequestBytesPerSecond,
    int maxConnectionsPerAddress,
    ReturnTo returnTo,
    CrossSiteTrust crossSite,
    BasePath basePath) {

  /** The original's session cookie, which its clients read: development's. */
  public static final String ORIGINAL_COOKIE = "session_id";

  /**
   * The {@code __Host-} session cookie: a browser keeps it only if it is {@code Secure}, has {@code
   * Path=/} and no {@code Domain}, so a sibling subdomain cannot plant one (RFC 6265bis §4.1.3.2).
   */
  public static final String HOST_COOKIE = "__Host-session_id";

  /**
   * The {@code __Secure-} session cookie, for a cookie shared across a domain, which {@code
   * __Host-} forbids: a browser keeps it only if it is {@code Secure}.
   */
  public static final String SECURE_COOKIE = "__Secure-session_id";

  /** Copies the proxy list. */
  public HttpSettings {
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    Objects.requireNonNull(sessionCookie, "sessionCookie");
    if ((sessionCookie.startsWith("__Host-") || sessionCookie.startsWith("__Secure-"))
        && !secureCookies) {
      throw new IllegalArgumentException(
          "a " + sessionCookie + " cookie must be Secure: a browser drops it otherwise");
    }
    Objects.requireNonNull(crossSite, "crossSite");
    if (sessionCookie.startsWith("__Host-") && crossSite.cookieDomain().isPresent()) {
      throw new IllegalArgumentException(
          "a " + sessionCookie + " cookie cannot have a Domain: a browser drops it otherwise");
    }
    Objects.requireNonNull(isOutage, "isOutage");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(allowedHosts, "allowedHosts");
    Objects.requireNonNull(returnTo, "returnTo");
    Objects.requireNonNull(basePath, "basePath");
  }

  /** These settings, with no base path: the routes at {@code /}. */
  public HttpSettings(
      boolean secureCookies,
      String sessionCookie,
      List<String> trustedProxies,
      Predicate<Throwable> isOutage,
      MeterRegistry metrics,
      boolean pages,
      AllowedHosts allowedHosts,
      int minRequestBytesPerSecond,
      int maxConnectionsPerAddress,
      ReturnTo returnTo,
      CrossSiteTrust crossSite) {
    this(
        secureCookies,
        sessionCookie,
        trustedProxies,
        isOutage,
        metrics,
        pages,
        allowedHosts,
        minRequestBytesPerSecond,
        maxConnectionsPerAddress,
        returnTo,
        crossSite,
        BasePath.NONE);
  }

  /**
   * Settings for this machine alone: requests for {@link AllowedHosts#LOOPBACK} only, and no limit
   * on slow bodies or connections, the web pages return to this service's own pages only, and no
   * other origin is trusted.
   */
  public HttpSettings(
      boolean secureCookies,
      String sessionCookie,
      List<String> trustedProxies,
      Predicate<Throwable> isOutage,
      MeterRegistry metrics,
      boolean pages) {
    this(
        secureCookies,
        sessionCookie,
        trustedProxies,
        isOutage,
        metrics,
        pages,
        AllowedHosts.of(AllowedHosts.LOOPBACK),
        0,
        0,
        ReturnTo.ownOnly(),
        CrossSiteTrust.NONE);
  }
}
