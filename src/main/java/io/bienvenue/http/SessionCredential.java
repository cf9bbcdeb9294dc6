package io.bienvenue.http;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The session token a request presents: in {@code Authorization: Bearer <token>}, for a client that
 * keeps no cookies, or in the session cookie. Both are the same secret, checked the same way. A
 * request that presents two different tokens (two bearer headers, or a bearer token and a cookie of
 * another value) cannot say which session it means, and has none. An {@code Authorization} header
 * of another scheme is the app's, not ours, and is left alone. Stateless.
 */
final class SessionCredential {

  private static final String BEARER = "Bearer ";

  private final SessionCookie cookie;

  SessionCredential(SessionCookie cookie) {
    this.cookie = Objects.requireNonNull(cookie, "cookie");
  }

  /** The one token the request presents, or empty when it presents none or several. */
  Optional<String> read(Context ctx) {
    List<String> bearers =
        Collections.list(ctx.req().getHeaders("Authorization")).stream()
            .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
            .map(value -> value.substring(BEARER.length()).trim())
            .distinct()
            .toList();
    Optional<String> fromCookie = cookie.read(ctx);
    if (bearers.isEmpty()) {
      return fromCookie;
    }
    String bearer = bearers.get(0);
    if (bearers.size() > 1 || fromCookie.filter(token -> !token.equals(bearer)).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(bearer);
  }
}
