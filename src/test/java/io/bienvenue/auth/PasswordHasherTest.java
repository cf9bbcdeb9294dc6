package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The original's task 4 ({@code _hash_password}) and the limits bcrypt imposes. */
class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(4, 2, 16, new SecureRandom());

  @AfterEach
  void stop() {
    hasher.close();
  }

  @Test
  void hashIsASaltedBcryptHashThatVerifies() {
    String first = hasher.hash("b4l0u");
    String second = hasher.hash("b4l0u");

    assertThat(first).startsWith("$2b$04$").hasSize(60).isNotEqualTo(second);
    assertThat(hasher.verify("b4l0u", first)).isTrue();
    assertThat(hasher.verify("b4l0u", second)).isTrue();
    assertThat(hasher.verify("t4rt1fl3tt3", first)).isFalse();
  }

  @Test
  void theConfiguredCostIsTheOneUsed() {
    try (PasswordHasher five = new PasswordHasher(5, 1, 4, new SecureRandom())) {
      assertThat(five.hash("x")).startsWith("$2b$05$");
      assertThat(five.cost()).isEqualTo(5);
    }
  }

  @Test
  void hashesOfEveryBcryptRevisionVerify() {
    String password = "b4l0u";
    String legacy = BCrypt.hashpw(password, BCrypt.gensalt("$2a", 4));
    String php = BCrypt.hashpw(password, BCrypt.gensalt("$2y", 4));
    String python = BCrypt.hashpw(password, BCrypt.gensalt("$2b", 4));

    assertThat(legacy).startsWith("$2a$04$");
    assertThat(hasher.verify(password, legacy)).isTrue();
    assertThat(hasher.verify(password, php)).isTrue();
    assertThat(hasher.verify(password, python)).isTrue();
    assertThat(hasher.verify("wrong", python)).isFalse();
  }

  @Test
  void aKnownOpenBsdHashVerifies() {
    // From the OpenBSD/py-bcrypt test vectors: password "U*U", cost 5.
    String vector = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    assertThat(hasher.verify("U*U", vector)).isTrue();
    assertThat(hasher.verify("U*U", "$2b$" + vector.substring(4))).isTrue();
    assertThat(hasher.verify("U*V", vector)).isFalse();
  }

  @Test
  void aPasswordOfSeventyTwoBytesIsAcceptedAndOneByteMoreIsRefused() {
    String longest = "a".repeat(72);
    String hash = hasher.hash(longest);

    assertThat(hasher.verify(longest, hash)).isTrue();
    assertThatThrownBy(() -> hasher.hash(longest + "b"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("72 bytes");
    assertThatThrownBy(() -> hasher.verify(longest + "b", hash))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void theLimitCountsUtf8BytesNotCharacters() {
    String twentyFiveEuros = "€".repeat(25);
    assertThat(twentyFiveEuros.getBytes(StandardCharsets.UTF_8)).hasSize(75);

    assertThatThrownBy(() -> hasher.hash(twentyFiveEuros))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void passwordsAreComparedAfterUnicodeNormalisation() {
    String composed = "caf\u00e9";
    String decomposed = "cafe\u0301";

    assertThat(hasher.verify(decomposed, hasher.hash(composed))).isTrue();
  }

  @Test
  void malformedStoredHashesNeverMatch() {
    assertThat(hasher.verify("x", "not a bcrypt hash")).isFalse();
    assertThat(hasher.verify("x", "")).isFalse();
  }

  @Test
  void verifyNothingDoesTheWorkAndNeverSucceeds() {
    assertThat(hasher.verifyNothing("anything")).isFalse();
    assertThat(hasher.verifyNothing("")).isFalse();
  }

  @Test
  void aFullQueueRefusesWorkAtOnce() {
    try (PasswordHasher tiny = new PasswordHasher(12, 1, 1, new SecureRandom())) {
      List<CompletableFuture<String>> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        burst.add(CompletableFuture.supplyAsync(() -> tiny.hash("pw")));
      }
      long refused =
          burst.stream()
              .filter(
                  f -> {
                    try {
                      f.join();
                      return false;
                    } catch (CompletionException e) {
                      return e.getCause() instanceof ServiceBusyException;
                    }
                  })
              .count();

      assertThat(refused).isPositive();
    }
  }

  @Test
  void costsOutsideBcryptsRangeAreRefused() {
    assertThatThrownBy(() -> new PasswordHasher(3, 1, 1, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(32, 1, 1, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
