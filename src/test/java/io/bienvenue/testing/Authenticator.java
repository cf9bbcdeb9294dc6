package io.bienvenue.testing;

import com.bastiaanjansen.otp.TOTPGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** An authenticator app for tests: the six-digit TOTP code of a Base32 secret at a given time. */
public final class Authenticator {

  /** How long each code lasts: the period every app uses, and the service's. */
  public static final Duration STEP = Duration.ofSeconds(30);

  private Authenticator() {}

  /** The code an app shows for {@code secret} at {@code at}. */
  public static String code(String secret, Instant at) {
    return new TOTPGenerator.Builder(secret.getBytes(StandardCharsets.US_ASCII))
        .build()
        .at(at.getEpochSecond());
  }
}
