package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bienvenue.auth.ActiveSession;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.user.Session;
import io.bienvenue.user.User;
import java.util.List;

/**
 * The JSON bodies the API sends, kept apart from the domain records so that nothing secret (a
 * password hash, a stored token hash) can ever be serialised by accident.
 */
final class Bodies {

  private Bodies() {}

  /** {@code {"message": ...}}: greetings, errors. */
  record Message(String message) {}

  /** {@code {"email": ..., "message": ...}}: a user created, logged in, a password updated. */
  record EmailMessage(String email, String message) {}

  /** {@code {"email": ...}}: the profile. */
  record Profile(String email) {}

  /** {@code {"email": ..., "reset_token": ...}}: a reset token issued (development mode). */
  record ResetToken(String email, @JsonProperty("reset_token") String resetToken) {}

  /**
   * {@code {"secret": ..., "otpauth_uri": ..., "qr_code": ...}}: a TOTP enrolment begun; the secret
   * typed by hand, the URI an app takes, the QR code of the URI as an SVG {@code data:} URI.
   */
  record TotpEnrolment(
      String secret,
      @JsonProperty("otpauth_uri") String otpauthUri,
      @JsonProperty("qr_code") String qrCode) {}

  /** {@code GET /profile/totp}: whether logins need a code, or an enrolment waits. */
  record TotpStatus(boolean enabled, boolean pending) {}

  /**
   * {@code {"message": ..., "recovery_codes": [...]}}: the second factor on, codes shown once, and
   * how many other sessions ended.
   */
  record RecoveryCodes(
      String message,
      @JsonProperty("recovery_codes") List<String> recoveryCodes,
      @JsonProperty("other_sessions_ended") int otherSessionsEnded) {}

  /**
   * {@code {"message": ..., "other_sessions_ended": n}}: an authentication factor changed, and the
   * user's other sessions ended with it.
   */
  record FactorChanged(
      String message, @JsonProperty("other_sessions_ended") int otherSessionsEnded) {}

  /** {@code {"sessions": [...]}}: the caller's live sessions, newest first. */
  record Sessions(List<SessionEntry> sessions) {}

  /**
   * One live session in {@link Sessions}: its public id (never its token), times in ISO-8601, and
   * the user agent and client address of its login, each left out when unknown.
   */
  record SessionEntry(
      String id,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("last_used_at") String lastUsedAt,
      @JsonProperty("user_agent") @JsonInclude(JsonInclude.Include.NON_NULL) String userAgent,
      @JsonProperty("client_ip") @JsonInclude(JsonInclude.Include.NON_NULL) String clientIp,
      boolean current) {

    static SessionEntry of(ActiveSession session) {
      return new SessionEntry(
          session.id(),
          session.createdAt().toString(),
          session.lastUsedAt().toString(),
          session.origin().userAgent().orElse(null),
          session.origin().clientIp().orElse(null),
          session.current());
    }
  }

  /**
   * {@code {"email": ..., "message": ..., "session_token": ..., "expires_in": seconds}}: a login
   * for a client that keeps no cookies, which sends the token back as {@code Authorization:
   * Bearer}.
   */
  record SessionToken(
      String email,
      String message,
      @JsonProperty("session_token") String sessionToken,
      @JsonProperty("expires_in") long expiresIn) {}

  /** {@code GET /sessions/whoami}: who is logged in, and with which session. */
  record Whoami(WhoamiUser user, WhoamiSession session) {
    static Whoami of(LiveSession live) {
      User user = live.user();
      Session session = live.session();
      return new Whoami(
          new WhoamiUser(
              user.publicId(),
              user.email(),
              user.emailVerified(),
              user.createdAt().toString(),
              live.twoFactorOn()),
          new WhoamiSession(
              session.publicId(),
              session.createdAt().toString(),
              session.expiresAt().toString(),
              live.idleExpiresAt().toString(),
              session.amr()));
    }
  }

  /** The user in {@link Whoami}: its public id, never the row id. */
  record WhoamiUser(
      String id,
      String email,
      @JsonProperty("email_verified") boolean emailVerified,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("two_factor") boolean twoFactor) {}

  /** The session in {@link Whoami}: the id {@code GET /sessions} shows, and when it ends. */
  record WhoamiSession(
      String id,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("expires_at") String expiresAt,
      @JsonProperty("idle_expires_at") String idleExpiresAt,
      List<String> amr) {}

  /**
   * {@code {"message": ..., "error_id": ...}}: an unexpected failure, with its log correlation id.
   */
  record InternalError(String message, @JsonProperty("error_id") String errorId) {}
}
