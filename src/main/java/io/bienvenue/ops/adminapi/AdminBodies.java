package io.bienvenue.ops.adminapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.bienvenue.auth.ActiveSession;
import io.bienvenue.auth.ManagedUser;
import io.bienvenue.user.User;
import java.time.Instant;
import java.util.List;

/**
 * The JSON bodies of the admin API, kept apart from the domain records so that nothing secret (a
 * password hash, a token hash) can be serialised by accident.
 */
final class AdminBodies {

  private AdminBodies() {}

  /** A user: its stable public id (the OpenID Connect {@code sub}), never its row id or a hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UserBody(
      String id,
      String email,
      @JsonProperty("email_verified") boolean emailVerified,
      boolean disabled,
      @JsonProperty("two_factor") boolean twoFactor,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("email_verified_at") String emailVerifiedAt,
      @JsonProperty("disabled_at") String disabledAt) {

    static UserBody of(ManagedUser managed) {
      User user = managed.user();
      return new UserBody(
          user.publicId(),
          user.email(),
          user.emailVerified(),
          user.disabled(),
          managed.twoFactor(),
          user.createdAt().toString(),
          user.emailVerifiedAt().map(Instant::toString).orElse(null),
          user.disabledAt().map(Instant::toString).orElse(null));
    }
  }

  /** {@code GET /admin/v1/users}: one page of users, and how many match in all. */
  record UserPage(List<UserBody> users, long total, int page, int size) {}

  /**
   * A user made: {@code reset_token} only for an invitation in development, where no mail is sent
   * (as {@code POST /reset_password} returns one there).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Created(UserBody user, @JsonProperty("reset_token") String resetToken) {}

  /**
   * A user changed: the user as it is now, how many of their sessions ended where the change ends
   * them, and whether anything changed where it may not have.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Changed(
      UserBody user, @JsonProperty("sessions_ended") Integer sessionsEnded, Boolean changed) {}

  /** {@code DELETE /admin/v1/users/{id}/sessions}: how many ended. */
  record SessionsEnded(@JsonProperty("sessions_ended") int sessionsEnded) {}

  /** {@code GET /admin/v1/users/{id}/sessions}: the user's live sessions, newest first. */
  record Sessions(List<SessionBody> sessions) {}

  /** One live session: its public id (never its token), times, and its login's origin. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SessionBody(
      String id,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("last_used_at") String lastUsedAt,
      @JsonProperty("user_agent") String userAgent,
      @JsonProperty("client_ip") String clientIp) {

    static SessionBody of(ActiveSession session) {
      return new SessionBody(
          session.id(),
          session.createdAt().toString(),
          session.lastUsedAt().toString(),
          session.origin().userAgent().orElse(null),
          session.origin().clientIp().orElse(null));
    }
  }
}
