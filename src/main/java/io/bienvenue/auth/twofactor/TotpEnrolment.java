package io.bienvenue.auth.twofactor;

import java.net.URI;
import java.util.Objects;

/**
 * A TOTP enrolment just begun: what the user puts in an authenticator app. It holds the secret, so
 * {@link #toString()} leaves everything out. Immutable.
 *
 * @param secret the shared secret, Base32, for typing in by hand
 * @param uri the {@code otpauth://totp/...} URI with the secret, issuer and account
 */
public record TotpEnrolment(String secret, URI uri) {

  /** Checks that no component is null. */
  public TotpEnrolment {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(uri, "uri");
  }

  /** Leaves the secret (and the URI that carries it) out of logs. */
  @Override
  public String toString() {
    return "TotpEnrolment[secret hidden]";
  }
}
