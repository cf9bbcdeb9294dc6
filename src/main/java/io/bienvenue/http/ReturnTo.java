package io.bienvenue.http;

import io.bienvenue.http.edge.AllowedHosts;
import io.bienvenue.http.edge.HostGuard;
import io.bienvenue.http.edge.WebOrigin;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the web pages may send a person once they have logged in, signed up, reset a password or
 * logged out: the open-redirect policy (OWASP ASVS 5.1.5), every rule of it in this file. A {@code
 * return_to} value is followed only if it is
 *
 * <ul>
 *   <li>an absolute {@code http} or {@code https} URL whose origin (scheme, host, port) is exactly
 *       one of the allowed origins or the service's own, with no user information; or
 *   <li>an absolute path on the service itself: {@code /something}, never {@code //host} nor {@code
 *       /\host}.
 * </ul>
 *
 * Anything else is refused before it is parsed: a backslash, a control character, a space or any
 * character outside printable ASCII (a browser strips tabs and newlines, and folds backslashes into
 * slashes, where {@link URI} would not), a value over {@value #MAX_LENGTH} characters, and a path
 * whose percent-decoded form starts with {@code //} or {@code /\} or has a {@code .} or {@code ..}
 * segment. Hosts are compared in ASCII lower case, a port left out counting as its scheme's
 * default; an internationalised host is allowed only in its ASCII ({@code xn--}) form. Immutable,
 * thread-safe.
 */
public final class ReturnTo {

  /** The longest value followed; a longer one is no address a page of the service gave out. */
  public static final int MAX_LENGTH = 2048;

  /** The path segments a browser resolves away, which could climb to a {@code //host} path. */
  private static final Set<String> DOT_SEGMENTS = Set.of(".", "..");

  private final Set<WebOrigin> allowed;
  private final Optional<WebOrigin> own;

  private ReturnTo(Set<WebOrigin> allowed, Optional<WebOrigin> own) {
    this.allowed = Set.copyOf(allowed);
    this.own = own;
  }

  /**
   * The policy that allows {@code origins} and the service's own origin: {@code publicUrl}'s when
   * given (production), else the loopback origin a request is addressed to (development).
   *
   * @throws IllegalArgumentException naming an origin that {@link WebOrigin#require} refuses
   */
  public static ReturnTo of(List<String> origins, Optional<URI> publicUrl) {
    Objects.requireNonNull(origins, "origins");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Set<WebOrigin> allowed = new HashSet<>();
    origins.forEach(
        origin -> allowed.add(WebOrigin.of(WebOrigin.require(origin, "--return-to-origin"))));
    return new ReturnTo(allowed, publicUrl.map(WebOrigin::of));
  }

  /** Only the service's own paths, and, in development, its loopback origins. */
  public static ReturnTo ownOnly() {
    return new ReturnTo(Set.of(), Optional.empty());
  }

  /**
   * The destination {@code raw} names if the policy allows it.
   *
   * @param raw the {@code return_to} value, as received; null or empty for none
   * @param host the request's {@code Host} header, already admitted by {@link HostGuard}; in
   *     development its loopback origin, over plain http, is the service's own
   * @return the URI to redirect to, exactly as {@code raw} wrote it; empty if it is refused
   */
  public Optional<URI> check(String raw, Optional<String> host) {
    Objects.requireNonNull(host, "host");
    if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH || !WebOrigin.isPlainAscii(raw)) {
      return Optional.empty();
    }
    return parse(raw)
        .filter(uri -> raw.startsWith("/") ? isOwnPath(raw, uri) : isAllowedUrl(uri, host));
  }

  /** An absolute http(s) URL, only a host and port for authority, of an allowed or own origin. */
  private boolean isAllowedUrl(URI uri, Optional<String> host) {
    if (!WebOrigin.isWebUrl(uri)) {
      return false;
    }
    WebOrigin origin = WebOrigin.of(uri);
    return allowed.contains(origin) || isOwn(origin, host);
  }

  /** An absolute path on this service: no scheme, no authority, nothing that decodes to one. */
  private static boolean isOwnPath(String raw, URI uri) {
    String decoded = percentDecoded(raw);
    return uri.getScheme() == null
        && uri.getRawAuthority() == null
        && !raw.startsWith("//")
        && !decoded.startsWith("//")
        && !decoded.startsWith("/\\")
        && Arrays.stream(uri.getPath().split("/", -1)).noneMatch(DOT_SEGMENTS::contains);
  }

  private boolean isOwn(WebOrigin origin, Optional<String> host) {
    if (own.isPresent()) {
      return own.get().equals(origin);
    }
    return origin.scheme().equals("http")
        && host.map(h -> "http://" + h.trim())
            .flatMap(ReturnTo::parse)
            .filter(WebOrigin::isWebUrl)
            .filter(uri -> AllowedHosts.LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)))
            .map(WebOrigin::of)
            .filter(origin::equals)
            .isPresent();
  }

  private static Optional<URI> parse(String text) {
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code text} with every {@code %XX} decoded to the byte it names, repeatedly, so that {@code
   * /%2F%2Fevil} and {@code /%252F%252Fevil} show the slashes they hide.
   */
  private static String percentDecoded(String text) {
    String current = text;
    for (int round = 0; round < 4; round++) {
      StringBuilder out = new StringBuilder(current.length());
      for (int i = 0; i < current.length(); i++) {
        char c = current.charAt(i);
        if (c == '%' && isHex(current, i + 1, i + 3)) {
          out.append((char) Integer.parseInt(current.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.append(c);
        }
      }
      String next = out.toString();
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
    return current;
  }

  private static boolean isHex(String text, int from, int to) {
    if (to > text.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
