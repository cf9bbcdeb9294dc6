package io.bienvenue.http.edge;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The other origins whose browsers may change state here: the {@code --cors-origin} allow-list,
 * matched exactly, and, with {@code --cookie-domain}, every origin whose host is within that domain
 * (the origins that share the session cookie). Over HTTPS (Secure cookies) only {@code https}
 * origins within the domain are trusted: a page served over plain http could be anyone's. Every
 * other origin is not. Immutable, thread-safe.
 */
public final class CrossSiteTrust {

  /** Trusts no other origin: the default. */
  public static final CrossSiteTrust NONE = new CrossSiteTrust(Set.of(), Optional.empty(), true);

  /** A DNS name of two labels or more, each of letters, digits and inner hyphens. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]*[a-z0-9]");

  private final Set<WebOrigin> corsOrigins;
  private final Optional<String> cookieDomain;
  private final boolean httpsOnly;

  private CrossSiteTrust(
      Set<WebOrigin> corsOrigins, Optional<String> cookieDomain, boolean httpsOnly) {
    this.corsOrigins = Set.copyOf(corsOrigins);
    this.cookieDomain = cookieDomain;
    this.httpsOnly = httpsOnly;
  }

  /**
   * Trusts {@code corsOrigins} exactly, and the origins within {@code cookieDomain}.
   *
   * @param corsOrigins origins as {@link WebOrigin#require} takes them
   * @param cookieDomain a domain as {@link #requireDomain} takes it
   * @param httpsOnly whether an origin within the domain must be {@code https}
   * @throws IllegalArgumentException naming the option of a value that is not an origin or a domain
   */
  public static CrossSiteTrust of(
      List<String> corsOrigins, Optional<String> cookieDomain, boolean httpsOnly) {
    Objects.requireNonNull(corsOrigins, "corsOrigins");
    Objects.requireNonNull(cookieDomain, "cookieDomain");
    Set<WebOrigin> origins =
        corsOrigins.stream()
            .map(origin -> WebOrigin.of(WebOrigin.require(origin, "--cors-origin")))
            .collect(Collectors.toSet());
    return new CrossSiteTrust(origins, cookieDomain.map(CrossSiteTrust::requireDomain), httpsOnly);
  }

  /**
   * Checks that {@code domain} can be a cookie's {@code Domain}: a DNS name of two labels or more
   * ({@code example.com}), not an address; a leading dot, which RFC 6265 ignores, is dropped.
   *
   * @return the domain in lower case, without a leading dot
   * @throws IllegalArgumentException naming {@code --cookie-domain} if it is not one
   */
  public static String requireDomain(String domain) {
    Objects.requireNonNull(domain, "domain");
    String name = domain.startsWith(".") ? domain.substring(1) : domain;
    name = name.toLowerCase(Locale.ROOT);
    if (!DOMAIN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "--cookie-domain: '"
              + domain
              + "' is not a domain of two labels or more (example.com), in ASCII (xn-- for"
              + " international names); an address or a single label cannot be shared");
    }
    return name;
  }

  /** The origins allowed to call the JSON API with CORS, as browsers write them. */
  public List<String> corsOrigins() {
    return corsOrigins.stream().map(WebOrigin::serialized).sorted().toList();
  }

  /** The domain the session cookie is shared across ({@code Domain=}), if any. */
  public Optional<String> cookieDomain() {
    return cookieDomain;
  }

  /** Tells whether a browser at {@code origin} may make state-changing requests here. */
  public boolean trusts(WebOrigin origin) {
    return corsOrigins.contains(origin)
        || cookieDomain
            .filter(domain -> !httpsOnly || origin.scheme().equals("https"))
            .filter(origin::isWithin)
            .isPresent();
  }
}
