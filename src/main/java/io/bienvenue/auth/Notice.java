package io.bienvenue.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The security notices mailed to a user, in production, when something changed about how their
 * account is entered (ASVS 2.2.3 and 2.5.5; Keycloak mails on {@code UPDATE_PASSWORD}, {@code
 * UPDATE_TOTP} and {@code REMOVE_TOTP}), so that a change made by someone else is noticed by the
 * owner of the address. A notice carries no secret and is addressed to the address stored for the
 * user. Each is an outbox kind of its own.
 */
public enum Notice {

  /** The user changed their password while logged in. */
  PASSWORD_CHANGED("password_changed"),

  /** The password was set anew with a reset token. */
  PASSWORD_RESET("password_was_reset"),

  /** Two-step login was turned on. */
  TWO_FACTOR_ON("two_factor_on"),

  /** Two-step login was turned off. */
  TWO_FACTOR_OFF("two_factor_off"),

  /** The account was deleted. */
  ACCOUNT_DELETED("account_deleted"),

  /** A passkey was added: it logs in without the password. */
  PASSKEY_ADDED("passkey_added"),

  /** A passkey was removed. */
  PASSKEY_REMOVED("passkey_removed");

  private final String kind;

  Notice(String kind) {
    this.kind = kind;
  }

  /** The outbox kind of this notice. */
  public String kind() {
    return kind;
  }

  /** The notice whose outbox kind is {@code kind}, if there is one. */
  public static Optional<Notice> ofKind(String kind) {
    return Arrays.stream(values()).filter(n -> n.kind.equals(kind)).findFirst();
  }
}
