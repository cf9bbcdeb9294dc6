package io.bienvenue.http.edge;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser says come from another site (cross-site request
 * forgery): a {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an {@code
 * Origin} whose host and port differ from the request's {@code Host}. Clients that send neither
 * header, such as curl or Python's requests, are unaffected. Stateless.
 */
public final class SameOriginGuard {

  private static final Set<HandlerType> SAFE_METHODS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");

  private SameOriginGuard() {}

  /**
   * Throws when {@code ctx} is a state-changing cross-site request.
   *
   * @throws BadRequestException with status 403
   */
  public static void check(Context ctx) {
    if (SAFE_METHODS.contains(ctx.method())) {
      return;
    }
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (fetchSite != null && !SAME_SITE_FETCHES.contains(fetchSite.toLowerCase(Locale.ROOT))) {
      throw refused();
    }
    String origin = ctx.header("Origin");
    if (origin != null && !sameAuthority(origin, ctx.header("Host"))) {
      throw refused();
    }
  }

  /** Compares host and port, the scheme's default port standing in where either leaves it out. */
  private static boolean sameAuthority(String origin, String host) {
    if (host == null) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return false;
    }
    int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String originAuthority =
        uri.getHost() + ":" + (uri.getPort() < 0 ? defaultPort : uri.getPort());
    boolean hostHasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
    String hostAuthority = hostHasPort ? host : host + ":" + defaultPort;
    return originAuthority.equalsIgnoreCase(hostAuthority);
  }

  private static BadRequestException refused() {
    return new BadRequestException(403, "cross-site request refused");
  }
}
