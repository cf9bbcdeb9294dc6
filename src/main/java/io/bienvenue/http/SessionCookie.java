package io.bienvenue.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The cookie that carries the session token: {@code session_id} in development (the original's
 * name, which its clients read), {@code __Host-session_id} in production unless configured back to
 * {@code session_id}. {@code HttpOnly} (no script reads it), {@code SameSite=Lax} (no cross-site
 * form post carries it), {@code Path=/}, no {@code Domain}, with a {@code Max-Age} equal to the
 * session's lifetime, and {@code Secure} when the service is told it is reached over HTTPS. With
 * the {@code __Host-} prefix a browser keeps the cookie only on those terms, so a sibling subdomain
 * cannot plant one. Immutable.
 */
final class SessionCookie {

  private final boolean secure;
  private final String name;

  SessionCookie(boolean secure, String name) {
    this.secure = secure;
    this.name = name;
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

  /** Sets the cookie to {@code token} for {@code lifetime}. */
  void write(Context ctx, String token, Duration lifetime) {
    ctx.cookie(cookie(name, token, (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds())));
  }

  /**
   * Tells the browser to forget the cookie under every name this service may have set it with: a
   * production instance switched from one name to the other ends both.
   */
  void clear(Context ctx) {
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    names.add(HttpSettings.ORIGINAL_COOKIE);
    if (secure) {
      names.add(HttpSettings.HOST_COOKIE);
    }
    for (String each : names) {
      ctx.cookie(cookie(each, "", 0));
    }
  }

  private Cookie cookie(String cookieName, String value, int maxAgeSeconds) {
    return new Cookie(cookieName, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX);
  }
}
