package io.bienvenue.http.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A web origin (RFC 6454): scheme, host and port, as two origins are compared. The scheme is {@code
 * http} or {@code https} and the host in ASCII lower case; a port left out is the scheme's default.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host name or address literal, lower case
 * @param port the port, always explicit
 */
public record WebOrigin(String scheme, String host, int port) {

  /** Checks the parts and puts scheme and host in lower case. */
  public WebOrigin {
    scheme = Objects.requireNonNull(scheme, "scheme").toLowerCase(Locale.ROOT);
    host = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not a web scheme: " + scheme);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a port: " + port);
    }
  }

  /** The origin of {@code uri}, an absolute URI already known to be http(s) with a host. */
  public static WebOrigin of(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return new WebOrigin(scheme, uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : port(scheme));
  }

  /**
   * The origin an {@code Origin} request header names, if it names one: {@code
   * scheme://host[:port]} and nothing else. {@code null} (an opaque origin), a path, user
   * information, or anything outside printable ASCII is none.
   */
  public static Optional<WebOrigin> fromHeader(String header) {
    if (header == null || !isPlainAscii(header)) {
      return Optional.empty();
    }
    return parse(header).filter(WebOrigin::isBareOrigin).map(WebOrigin::of);
  }

  /**
   * Checks that {@code text} is an origin as an option takes it: {@code http(s)://host} or {@code
   * http(s)://host:port}, with no path, query, fragment or user information.
   *
   * @param flag the option it came from, for the message
   * @return {@code text} parsed
   * @throws IllegalArgumentException naming {@code flag} if it is anything else
   */
  public static URI require(String text, String flag) {
    Objects.requireNonNull(text, "text");
    IllegalArgumentException refused =
        new IllegalArgumentException(
            flag
                + ": '"
                + text
                + "' is not an origin: write scheme://host or scheme://host:port, http or https,"
                + " with no path");
    if (!isPlainAscii(text)) {
      throw refused;
    }
    return parse(text).filter(WebOrigin::isBareOrigin).orElseThrow(() -> refused);
  }

  /**
   * This origin as a browser writes it in an {@code Origin} header: {@code scheme://host}, with
   * {@code :port} only when it is not the scheme's default.
   */
  public String serialized() {
    return port == port(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
  }

  /**
   * Tells whether this origin's host is {@code domain} or one of its subdomains, as a browser
   * matches a cookie's {@code Domain} (RFC 6265 §5.1.3): {@code app.example.com} is within {@code
   * example.com}, {@code badexample.com} is not.
   */
  public boolean isWithin(String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  /** Tells whether {@code uri} is an absolute http(s) URL naming a host and port only. */
  public static boolean isWebUrl(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null
        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && !uri.isOpaque()
        && uri.getHost() != null
        && !uri.getHost().isEmpty()
        && uri.getRawUserInfo() == null
        && uri.getRawAuthority().equalsIgnoreCase(authority(uri));
  }

  /** Printable ASCII only: no control characters, spaces, backslashes or non-ASCII characters. */
  public static boolean isPlainAscii(String text) {
    return text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\');
  }

  private static boolean isBareOrigin(URI uri) {
    return isWebUrl(uri)
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /** The authority {@code uri} would have if it were only a host and a port. */
  private static String authority(URI uri) {
    return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
  }

  private static Optional<URI> parse(String text) {
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static int port(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
