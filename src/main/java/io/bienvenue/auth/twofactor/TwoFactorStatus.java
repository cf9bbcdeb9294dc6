package io.bienvenue.auth.twofactor;

/**
 * The state of a user's TOTP second factor, without its secret.
 *
 * @param enabled logins need a one-time code
 * @param pending an enrolment waits for a first code to confirm it
 */
public record TwoFactorStatus(boolean enabled, boolean pending) {}
