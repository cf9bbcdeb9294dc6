package io.bienvenue.user;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a session was opened from, as its user sees it in their list of sessions. Immutable.
 *
 * @param userAgent the {@code User-Agent} of the login, if it had one
 * @param clientIp the client address of the login, if known
 */
public record SessionOrigin(Optional<String> userAgent, Optional<String> clientIp) {

  /** The longest user agent kept, in characters: enough to tell browsers and devices apart. */
  public static final int MAX_USER_AGENT_LENGTH = 256;

  /** An origin nothing is known of: a session opened without HTTP. */
  public static final SessionOrigin UNKNOWN = new SessionOrigin(Optional.empty(), Optional.empty());

  /**
   * Checks that no component is null, drops control characters (a database refuses some, and a
   * listing must not carry them) and cuts each value to {@link #MAX_USER_AGENT_LENGTH} characters
   * (code points, so no surrogate pair is split). A value left blank is no value.
   */
  public SessionOrigin {
    userAgent = cleaned(userAgent, "userAgent");
    clientIp = cleaned(clientIp, "clientIp");
  }

  /** The origin of a login over HTTP: its client address and user agent (null if none). */
  public static SessionOrigin of(String clientIp, String userAgent) {
    return new SessionOrigin(Optional.ofNullable(userAgent), Optional.ofNullable(clientIp));
  }

  private static Optional<String> cleaned(Optional<String> value, String name) {
    return Objects.requireNonNull(value, name)
        .map(
            text -> {
              if (isClean(text)) {
                return text; // what every stored origin is: read back on every session read
              }
              StringBuilder kept = new StringBuilder();
              text.codePoints()
                  .filter(c -> !Character.isISOControl(c))
                  .limit(MAX_USER_AGENT_LENGTH)
                  .forEach(kept::appendCodePoint);
              return kept.toString();
            })
        .filter(text -> !text.isBlank());
  }

  private static boolean isClean(String text) {
    if (text.length() > MAX_USER_AGENT_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
