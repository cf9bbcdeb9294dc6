package io.bienvenue.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code session_id} cookie that carries the session token: {@code HttpOnly} (no script reads
 * it), {@code SameSite=Lax} (no cross-site form post carries it), {@code Path=/}, with a {@code
 * Max-Age} equal to the session's lifetime, and {@code Secure} when the service is told it is
 * reached over HTTPS. Immutable.
 */
final class SessionCookie {

  static final String NAME = "session_id";

  private final boolean secure;

  SessionCookie(boolean secure) {
    this.secure = secure;
  }

  /**
   * Returns the token the request carries. Empty when there is no {@code session_id} cookie, and
   * also when there are several: a request that cannot say which session it means has none.
   */
  Optional<String> read(Context ctx) {
    jakarta.servlet.http.Cookie[] cookies = ctx.req().getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    var matching = Arrays.stream(cookies).filter(c -> NAME.equals(c.getName())).toList();
    return matching.size() == 1 ? Optional.of(matching.get(0).getValue()) : Optional.empty();
  }

  /** Sets the cookie to {@code token} for {@code lifetime}. */
  void write(Context ctx, String token, Duration lifetime) {
    ctx.cookie(cookie(token, (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds())));
  }

  /** Tells the browser to forget the cookie. */
  void clear(Context ctx) {
    ctx.cookie(cookie("", 0));
  }

  private Cookie cookie(String value, int maxAgeSeconds) {
    return new Cookie(NAME, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX);
  }
}
