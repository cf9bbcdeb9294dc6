package io.bienvenue.auth.twofactor;

import com.bastiaanjansen.otp.TOTPGenerator;
import io.bienvenue.auth.token.Tokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP codes (RFC 6238) as authenticator apps make them: HMAC-SHA1, 30-second steps, six digits,
 * computed by otp-java. A code is accepted within one step either side of now (clock drift, the
 * time to type it); which step it matched is returned so that the caller can refuse its replay.
 * Thread-safe.
 */
public final class TotpCodes {

  /** The issuer authenticator apps show beside the account. */
  static final String ISSUER = "Bienvenue";

  private static final Duration STEP = Duration.ofSeconds(30);
  private static final int SECRET_BYTES = 20;
  private static final int DRIFT_STEPS = 1;

  private final int digits;
  private final Pattern wellFormed;

  /** Codes of six digits, what every authenticator app shows. */
  public TotpCodes() {
    this(6);
  }

  /** Codes of {@code digits} digits: RFC 6238's test vectors have eight. */
  public TotpCodes(int digits) {
    this.digits = digits;
    this.wellFormed = Pattern.compile("[0-9]{" + digits + "}");
  }

  /** Returns a new secret of 160 random bits (RFC 4226's advice), Base32 as apps take it. */
  public static String newSecret(Tokens tokens) {
    return new Base32().encodeToString(tokens.randomBytes(SECRET_BYTES));
  }

  /** Tells whether {@code code} has the shape of a code: only digits, as many as it should. */
  boolean isWellFormed(String code) {
    return code != null && wellFormed.matcher(code).matches();
  }

  /**
   * Returns the time step, within one of {@code now}'s either side, whose code is {@code code}, or
   * empty if none is. Every candidate is compared in constant time.
   */
  public OptionalLong matchingStep(String secret, String code, Instant now) {
    if (!isWellFormed(code)) {
      return OptionalLong.empty();
    }
    long current = stepOf(now);
    OptionalLong matched = OptionalLong.empty();
    for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
      if (step > 0 && same(codeOfStep(secret, step), code) && matched.isEmpty()) {
        matched = OptionalLong.of(step);
      }
    }
    return matched;
  }

  /**
   * Returns the {@code otpauth://totp/Bienvenue:<email>?secret=...&issuer=Bienvenue...} URI that
   * enrols {@code secret} in an authenticator app.
   */
  public URI enrolmentUri(String secret, String email) {
    try {
      return generator(secret).getURI(ISSUER, email);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("otp-java made an invalid URI", e);
    }
  }

  static long stepOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
  }

  private String codeOfStep(String secret, long step) {
    return generator(secret).at(step * STEP.getSeconds());
  }

  private TOTPGenerator generator(String secret) {
    Objects.requireNonNull(secret, "secret");
    return new TOTPGenerator.Builder(secret.getBytes(StandardCharsets.US_ASCII))
        .withPeriod(STEP)
        // The library's default algorithm, HMAC-SHA1, is the one every authenticator app uses
        // (it marks SHA1 deprecated only to steer new designs elsewhere).
        .withHOTPGenerator(hotp -> hotp.withPasswordLength(digits))
        .build();
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
