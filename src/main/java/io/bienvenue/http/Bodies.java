package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonProperty;

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
   * {@code {"message": ..., "error_id": ...}}: an unexpected failure, with its log correlation id.
   */
  record InternalError(String message, @JsonProperty("error_id") String errorId) {}
}
