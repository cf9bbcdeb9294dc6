package io.bienvenue.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered user: the original's {@code user.py} model, one row of the {@code users} table.
 *
 * <p>{@code hashedPassword} is a bcrypt hash; {@code resetToken} is the SHA-256 of the live reset
 * token (never the token itself), present only while a reset is pending, and {@code
 * verificationToken} likewise. {@link #toString()} leaves out all three, so a user can be logged
 * without leaking a secret. Instances are immutable.
 *
 * @param id the primary key, which never leaves the service
 * @param publicId the id apps know the user by: random, unique, and never changed
 * @param email the address as the user registered it
 * @param hashedPassword the bcrypt hash of the password
 * @param resetToken the hash of the pending reset token, if any
 * @param resetTokenExpiresAt when the pending reset token stops working, if any
 * @param createdAt when the user registered
 * @param disabledAt when an operator disabled the user, who then cannot log in; empty while enabled
 * @param emailVerifiedAt when the user proved the email is theirs (or was added already counting as
 *     verified); empty until then
 * @param verificationToken the hash of the pending email-verification token, if any
 * @param verificationTokenExpiresAt when the pending verification token stops working, if any
 */
public record User(
    long id,
    String publicId,
    String email,
    String hashedPassword,
    Optional<String> resetToken,
    Optional<Instant> resetTokenExpiresAt,
    Instant createdAt,
    Optional<Instant> disabledAt,
    Optional<Instant> emailVerifiedAt,
    Optional<String> verificationToken,
    Optional<Instant> verificationTokenExpiresAt) {

  /** Checks that no component is null. */
  public User {
    Objects.requireNonNull(publicId, "publicId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(hashedPassword, "hashedPassword");
    Objects.requireNonNull(resetToken, "resetToken");
    Objects.requireNonNull(resetTokenExpiresAt, "resetTokenExpiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(disabledAt, "disabledAt");
    Objects.requireNonNull(emailVerifiedAt, "emailVerifiedAt");
    Objects.requireNonNull(verificationToken, "verificationToken");
    Objects.requireNonNull(verificationTokenExpiresAt, "verificationTokenExpiresAt");
  }

  /** Tells whether an operator disabled this user. */
  public boolean disabled() {
    return disabledAt.isPresent();
  }

  /** Tells whether the user's email counts as verified. */
  public boolean emailVerified() {
    return emailVerifiedAt.isPresent();
  }

  /** Returns the id and email only: the hashes are secrets and stay out of logs. */
  @Override
  public String toString() {
    return "User[id=" + id + ", email=" + email + "]";
  }
}
