package io.bienvenue.auth;

import java.util.OptionalLong;

/**
 * What happened, as {@link Auth} and {@link UserAdmin} report it: for the audit log and the
 * metrics. Each carries the user's id where one is known, never a secret. Every method does nothing
 * by default; implementations must be thread-safe and must not throw.
 */
public interface AuthEvents {

  /** Reports nothing. */
  AuthEvents NONE = new AuthEvents() {};

  /** A user registered. */
  default void registered(long userId) {}

  /** A user logged in. */
  default void loggedIn(long userId) {}

  /** A login failed: a wrong password for a known user, or an unknown email (no id). */
  default void loginFailed(OptionalLong userId) {}

  /** A login was refused without checking the password: too many recent failures. */
  default void loginThrottled() {}

  /** A login with the right password for a disabled user was refused. */
  default void loginDisabled(long userId) {}

  /** A login with the right password for a user whose email is not verified was refused. */
  default void loginUnverified(long userId) {}

  /** A user proved their email is theirs. */
  default void emailVerified(long userId) {}

  /** A session ended by logout. */
  default void loggedOut(long userId) {}

  /** A reset token was asked for (no id in production, where the request does not look it up). */
  default void resetRequested(OptionalLong userId) {}

  /**
   * A password was changed: with a reset token (every session of the user ended), or by the
   * signed-in user (every other session ended).
   */
  default void passwordChanged(long userId) {}

  /** A user's second factor was turned on ({@code on}) or off, by the user or an operator. */
  default void secondFactorChanged(long userId, boolean on) {}

  /** A user deleted their own account. */
  default void accountDeleted(long userId) {}

  /** An operator disabled a user. */
  default void userDisabled(long userId) {}
}
