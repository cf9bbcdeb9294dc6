package io.bienvenue.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a redirect URI must follow to be registered for a client, login or post-logout alike. A
 * request's {@code redirect_uri} is then compared with the registered ones by string equality alone
 * ({@link Client#allowsRedirect}), so these rules are the only place a URI is judged: what they
 * refuse can never be a destination, and what they accept is matched character for character.
 *
 * <p>A redirect URI is absolute, at most {@value #MAX_LENGTH} characters of printable ASCII without
 * spaces, with no fragment (RFC 6749 §3.1.2), no userinfo and no {@code *}; its scheme and host are
 * in lower case. Its scheme is one of:
 *
 * <ul>
 *   <li>{@code https}, with a host;
 *   <li>{@code http} with a loopback host only, {@code localhost}, {@code 127.0.0.1} or {@code
 *       [::1]}: a native app's local listener (RFC 8252 §7.3);
 *   <li>a private-use scheme with a dot, a reversed domain name the app owns, such as {@code
 *       com.example.app:/callback} (RFC 8252 §7.1). This is what keeps out {@code javascript:},
 *       {@code data:}, {@code file:} and every other scheme without a dot.
 * </ul>
 *
 * Thread-safe: it holds no state.
 */
public final class RedirectUris {

  /** The longest redirect URI accepted, in characters. */
  public static final int MAX_LENGTH = 2000;

  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private RedirectUris() {}

  /**
   * Returns why {@code uri} cannot be registered as a redirect URI, or empty if it can. The reason
   * is a short phrase that never repeats the URI.
   */
  public static Optional<String> refusal(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (uri.length() > MAX_LENGTH) {
      return Optional.of("it is longer than " + MAX_LENGTH + " characters");
    }
    if (!uri.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of("only printable ASCII characters are allowed, no spaces");
    }
    if (uri.indexOf('#') >= 0) {
      return Optional.of("a fragment (#) is not allowed");
    }
    if (uri.indexOf('*') >= 0) {
      return Optional.of("a wildcard (*) is not allowed: every URI is matched exactly");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of("it is not a valid URI");
    }
    String scheme = parsed.getScheme();
    if (scheme == null) {
      return Optional.of("it is not absolute (no scheme)");
    }
    if (!scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
      return Optional.of("the scheme must be in lower case");
    }
    if (parsed.getRawUserInfo() != null || hasAtInAuthority(parsed)) {
      return Optional.of("userinfo (user@) is not allowed");
    }
    return switch (scheme) {
      case "https" -> hostRefusal(parsed);
      case "http" ->
          hostRefusal(parsed)
              .or(
                  () ->
                      LOOPBACK_HOSTS.contains(parsed.getHost())
                          ? Optional.empty()
                          : Optional.of(
                              "http is allowed for a loopback host only (localhost, 127.0.0.1,"
                                  + " [::1]): use https"));
      default ->
          scheme.contains(".")
              ? Optional.empty()
              : Optional.of(
                  "the scheme must be https, http on a loopback host, or a private-use scheme"
                      + " with a dot such as com.example.app");
    };
  }

  /**
   * Returns {@code uri} if it can be registered as a redirect URI.
   *
   * @throws IllegalArgumentException if it cannot; the message says why
   */
  public static String check(String uri) {
    refusal(uri)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("redirect URI refused: " + why);
            });
    return uri;
  }

  /**
   * Why the host of a web URI is unusable: missing (or unparsable), not in lower case, or with a
   * port past 65535.
   */
  private static Optional<String> hostRefusal(URI parsed) {
    String host = parsed.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("it has no valid host");
    }
    if (!host.equals(host.toLowerCase(Locale.ROOT))) {
      return Optional.of("the host must be in lower case");
    }
    if (parsed.getPort() > 65535) {
      return Optional.of("the port is past 65535");
    }
    return Optional.empty();
  }

  /**
   * Whether an {@code @} is in the authority even where {@link URI} did not take it for userinfo (a
   * registry-based authority it could not parse as a server).
   */
  private static boolean hasAtInAuthority(URI parsed) {
    String authority = parsed.getRawAuthority();
    return authority != null && authority.indexOf('@') >= 0;
  }
}
