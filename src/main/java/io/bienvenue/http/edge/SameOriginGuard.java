package io.bienvenue.http.edge;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser says come from another site (cross-site request
 * forgery), unless that site is one the operator trusts ({@link CrossSiteTrust}: a {@code
 * --cors-origin}, or an origin within {@code --cookie-domain}). A request is refused when its
 * {@code Sec-Fetch-Site} is other than {@code same-origin} or {@code none}, or its {@code Origin}
 * differs in host or port from its {@code Host}, and its {@code Origin} is not a trusted one.
 * Clients that send neither header, such as curl or Python's requests, are unaffected. Immutable.
 */
public final class SameOriginGuard {

  private static final Set<HandlerType> SAFE_METHODS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");

  private final CrossSiteTrust trust;
  private final Set<String> crossSitePaths;

  /** A guard that lets the origins {@code trust} names through as well as the service's own. */
  public SameOriginGuard(CrossSiteTrust trust) {
    this(trust, Set.of());
  }

  /**
   * A guard like {@link #SameOriginGuard(CrossSiteTrust)} that lets any site post to {@code
   * crossSitePaths} (paths under the base path, matched exactly): endpoints whose protocol has
   * other sites' pages post to them, such as OpenID Connect's end-session endpoint, and that trust
   * nothing of such a request but what it proves itself.
   */
  public SameOriginGuard(CrossSiteTrust trust, Set<String> crossSitePaths) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.crossSitePaths = Set.copyOf(crossSitePaths);
  }

  /**
   * Throws when {@code ctx} is a state-changing cross-site request from an origin not trusted.
   *
   * @throws BadRequestException with status 403
   */
  public void check(Context ctx) {
    if (SAFE_METHODS.contains(ctx.method()) || crossSitePaths.contains(pathUnderBase(ctx))) {
      return;
    }
    String origin = ctx.header("Origin");
    String fetchSite = ctx.header("Sec-Fetch-Site");
    boolean crossSiteFetch =
        fetchSite != null && !SAME_SITE_FETCHES.contains(fetchSite.toLowerCase(Locale.ROOT));
    boolean foreignOrigin = origin != null && !sameAuthority(origin, ctx.header("Host"));
    if ((crossSiteFetch || foreignOrigin) && !isTrusted(origin)) {
      throw new BadRequestException(403, "cross-site request refused");
    }
  }

  /** The request's path without the base path (Jetty's context path). */
  private static String pathUnderBase(Context ctx) {
    String base = ctx.contextPath().equals("/") ? "" : ctx.contextPath();
    String path = ctx.path();
    return path.startsWith(base) ? path.substring(base.length()) : path;
  }

  private boolean isTrusted(String origin) {
    return WebOrigin.fromHeader(origin).filter(trust::trusts).isPresent();
  }

  /** Compares host and port, the scheme's default port standing in where either leaves it out. */
  private static boolean sameAuthority(String origin, String host) {
    Optional<WebOrigin> parsed = WebOrigin.fromHeader(origin);
    if (host == null || parsed.isEmpty()) {
      return false;
    }
    WebOrigin from = parsed.get();
    boolean hostHasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
    String hostAuthority =
        hostHasPort ? host : host + ":" + (from.scheme().equals("https") ? 443 : 80);
    return (from.host() + ":" + from.port()).equalsIgnoreCase(hostAuthority);
  }
}
