package io.bienvenue.auth;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook endpoint can ask for, by the names receivers see. */
public enum WebhookEvent {
  USER_CREATED("user.created"),
  USER_EMAIL_VERIFIED("user.email_verified"),
  USER_PASSWORD_CHANGED("user.password_changed"),
  USER_TWO_FACTOR_ENABLED("user.two_factor_enabled"),
  USER_TWO_FACTOR_DISABLED("user.two_factor_disabled"),
  USER_DISABLED("user.disabled"),
  USER_ENABLED("user.enabled"),
  USER_DELETED("user.deleted"),
  SESSION_CREATED("session.created"),
  USER_PASSKEY_ADDED("user.passkey_added"),
  USER_PASSKEY_REMOVED("user.passkey_removed"),
  OIDC_CONSENT_GRANTED("oidc.consent_granted"),
  OIDC_CONSENT_REVOKED("oidc.consent_revoked");

  private final String wireName;

  WebhookEvent(String wireName) {
    this.wireName = wireName;
  }

  /** The event's name as receivers and the command line see it, such as {@code user.created}. */
  public String wireName() {
    return wireName;
  }

  /** The event named {@code wireName}, if there is one. */
  public static Optional<WebhookEvent> named(String wireName) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
  }
}
