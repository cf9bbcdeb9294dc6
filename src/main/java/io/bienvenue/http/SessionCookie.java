package io.bienvenue.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cookie that carries the session token: {@code session_id} in development (the original's
 * name, which its clients read), {@code __Host-session_id} in production unless configured back to
 * {@code session_id}, and {@code __Secure-session_id} when shared across a {@code --cookie-domain}.
 * {@code HttpOnly} (no script reads it), {@code SameSite=Lax} (no cross-site form post carries it),
 * {@code Path=/}, with a {@code Max-Age} equal to the session's lifetime, and {@code Secure} when
 * the service is told it is reached over HTTPS. No {@code Domain} unless one is configured: with
 * the {@code __Host-} prefix a browser keeps the cookie only on those terms, so a sibling subdomain
 * cannot plant one. Immutable.
 */
final class SessionCookie {

  private final boolean secure;
  private final String name;
  private final Optional<String> domain;

  SessionCookie(boolean secure, String name, Optional<String> domain) {
    this.secure = secure;
    this.name = Objects.requireNonNull(name, "name");
    this.domain = Objects.requireNonNull(domain, "domain");
  }

  /**
   * Returns the token the request carries in the cookie of this name; a cookie of another name,
   * such as a planted {@code session_id} beside {@code __Host-session_id}, is not read. Empty when
   * there is none, and also when there are several with different values: a request that cannot say
   * which session it means has none (SPEC §6). A cookie of this name with no value at all ({@code
   * Cookie: session_id}) is none either.
   */
  Optional<String> read(Context ctx) {
    jakarta.servlet.http.Cookie[] cookies = ctx.req().getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    var matching = Arrays.stream(cookies).filter(c -> name.equals(c.getName())).toList();
    return matching.size() == 1
        ? Optional.ofNullable(matching.get(0).getValue())
        : Optional.empty();
  }

  /**
   * Sets the cookie to {@code token} for {@code lifetime}. A cookie shared across a domain also
   * ends a host-only cookie of the same name, left from before the domain was configured, which the
   * browser would send beside it: two values are no session.
   */
  void write(Context ctx, String token, Duration lifetime) {
    int maxAge = (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds());
    // Javalin drops an earlier Set-Cookie of the same name unless its value contains the later
    // one's, so the token comes first and the empty expiry after it.
    ctx.cookie(cookie(name, token, maxAge, domain));
    if (domain.isPresent()) {
      ctx.cookie(cookie(name, "", 0, Optional.empty()));
    }
  }

  /**
   * Tells the browser to forget the cookie under every name this service may have set it with, on
   * this host and, with a cookie domain, across it: a production instance switched from one name or
   * scope to another ends them all.
   */
  void clear(Context ctx) {
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    names.add(HttpSettings.ORIGINAL_COOKIE);
    if (secure) {
      names.add(HttpSettings.HOST_COOKIE);
      names.add(HttpSettings.SECURE_COOKIE);
    }
    for (String each : names) {
      if (!each.startsWith("__Host-")) {
        domain.ifPresent(shared -> ctx.cookie(cookie(each, "", 0, Optional.of(shared))));
      }
      ctx.cookie(cookie(each, "", 0, Optional.empty()));
    }
  }

  private Cookie cookie(
      String cookieName, String value, int maxAgeSeconds, Optional<String> cookieDomain) {
    return new Cookie(
        cookieName,
        value,
        "/",
        maxAgeSeconds,
        secure,
        true,
        cookieDomain.orElse(null),
        SameSite.LAX);
  }
}
