package io.bienvenue.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.InvalidFieldException;
import io.bienvenue.auth.failure.ServiceBusyException;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The original's task 4 ({@code _hash_password}), bcrypt's 72-byte limit and format version 1. */
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
  void aPasswordOfSeventyTwoBytesIsPlainBcrypt() {
    String longest = "a".repeat(72);
    String hash = hasher.hash(longest);

    assertThat(hash).startsWith("$2b$04$").hasSize(60);
    assertThat(BCrypt.checkpw(longest, hash)).isTrue();
    assertThat(hasher.verify(longest, hash)).isTrue();
  }

  @Test
  void aPasswordOfSeventyThreeBytesVerifiesWholeAndNotByItsFirstSeventyTwo() {
    String longest = "a".repeat(72);
    String hash = hasher.hash(longest + "b");

    assertThat(hasher.verify(longest + "b", hash)).isTrue();
    assertThat(hasher.verify(longest, hash)).isFalse();
    assertThat(hasher.verify(longest + "c", hash)).isFalse();
  }

  @Test
  void aLongPasswordNeverMatchesAPlainHashOfItsFirstSeventyTwoBytes() {
    // What a truncating bcrypt would accept: the stored hash of the first 72 bytes only.
    String first72 = "a".repeat(72);
    String plain = BCrypt.hashpw(first72, BCrypt.gensalt("$2b", 4));

    assertThat(hasher.verify(first72 + "b", plain)).isFalse();
    assertThat(hasher.verify(first72, plain)).isTrue();
  }

  @Test
  void sixtyFourAccentedCharactersHashAndVerify() {
    String accented = "\u00e9".repeat(64);
    assertThat(accented.getBytes(StandardCharsets.UTF_8)).hasSize(128);

    String hash = hasher.hash(accented);

    assertThat(hasher.verify(accented, hash)).isTrue();
    assertThat(hasher.verify("\u00e9".repeat(63) + "e", hash)).isFalse();
    assertThat(hasher.verify("e\u0301".repeat(64), hash)).isTrue();
  }

  @Test
  void longPasswordsSharingTheirFirstSeventyTwoBytesDoNotVerifyAgainstEachOther() {
    String shared = "correct horse battery staple ".repeat(3).substring(0, 72);
    String first = shared + "one";
    String second = shared + "two";

    String firstHash = hasher.hash(first);
    String secondHash = hasher.hash(second);

    assertThat(hasher.verify(first, firstHash)).isTrue();
    assertThat(hasher.verify(second, secondHash)).isTrue();
    assertThat(hasher.verify(second, firstHash)).isFalse();
    assertThat(hasher.verify(first, secondHash)).isFalse();
  }

  @Test
  void onlyPasswordsOverSeventyTwoBytesCarryTheVersionOnePrefix() {
    String longHash = hasher.hash("a".repeat(73));
    String shortHash = hasher.hash("a".repeat(72));

    assertThat(longHash).startsWith("$bv1-sha384$$2b$04$");
    assertThat(longHash.substring("$bv1-sha384$".length())).hasSize(60);
    assertThat(shortHash).doesNotStartWith("$bv1").startsWith("$2b$04$");
  }

  @Test
  void theVersionOneFormatIsBcryptOverTheBase64OfSha384() throws Exception {
    String password = "\u00e9".repeat(64);
    byte[] digest =
        MessageDigest.getInstance("SHA-384").digest(password.getBytes(StandardCharsets.UTF_8));
    byte[] input = Base64.getEncoder().encode(digest);
    String hash = hasher.hash(password);

    assertThat(input).hasSize(64);
    assertThat(BCrypt.checkpw(input, hash.substring("$bv1-sha384$".length()))).isTrue();
    assertThat(
            hasher.verify(
                password, "$bv1-sha384$" + BCrypt.hashpw(input, BCrypt.gensalt("$2b", 4))))
        .isTrue();
  }

  @Test
  void passwordsOfUpToTenTwentyFourBytesAreAcceptedAndLongerOnesRefused() {
    String longest = "a".repeat(1024);
    String hash = hasher.hash(longest);

    assertThat(hasher.verify(longest, hash)).isTrue();
    assertThatThrownBy(() -> hasher.hash(longest + "b"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("1024 bytes")
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    assertThatThrownBy(() -> hasher.verify(longest + "b", hash))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> hasher.verifyNothing(longest + "b"))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void theUpperLimitCountsUtf8BytesNotCharacters() {
    String euros = "\u20ac".repeat(342);
    assertThat(euros.getBytes(StandardCharsets.UTF_8)).hasSize(1026);

    assertThatThrownBy(() -> hasher.hash(euros)).isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void aPasswordWithALoneSurrogateIsRefusedNotTurnedIntoAQuestionMark() {
    String question = hasher.hash("?abc");

    for (String lone : new String[] {"\ud800abc", "\udfffabc", "abc\ud83d", "\ude00\ud83dabc"}) {
      assertThatThrownBy(() -> hasher.hash(lone))
          .as("hash of %s", lone.codePoints().mapToObj(Integer::toHexString).toList())
          .isInstanceOf(InvalidFieldException.class)
          .hasMessageContaining("lone UTF-16 surrogate");
      assertThatThrownBy(() -> hasher.verify(lone, question))
          .isInstanceOf(InvalidFieldException.class);
    }
    assertThat(hasher.verify("\ud83d\ude00abc", hasher.hash("\ud83d\ude00abc"))).isTrue();
  }

  @Test
  void aPasswordContainingNulIsRefused() {
    assertThatThrownBy(() -> hasher.hash("b4l\0u"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("NUL")
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    assertThatThrownBy(() -> hasher.verify("b4l\0u", hasher.hash("b4l")))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void aBcryptHashMadeElsewhereStillVerifies() {
    // A $2b$ hash as Python's bcrypt (the Flask original) stores it: "b4l0u" at cost 4.
    String python = BCrypt.hashpw("b4l0u", BCrypt.gensalt("$2b", 4));

    assertThat(hasher.verify("b4l0u", python)).isTrue();
    assertThat(hasher.verify("t4rt1fl3tt3", python)).isFalse();
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
  void truncatedOrMangledStoredHashesNeverMatchAndNeverThrow() {
    String hash = hasher.hash("x");
    for (int length = 0; length < hash.length(); length++) {
      assertThat(hasher.verify("x", hash.substring(0, length)))
          .as("first %d chars", length)
          .isFalse();
    }
    for (int i = 0; i < hash.length(); i++) {
      for (char c : new char[] {'$', '\u00e9', ' ', '\n'}) {
        String mangled = hash.substring(0, i) + c + hash.substring(i + 1);
        if (!mangled.equals(hash)) {
          assertThat(hasher.verify("x", mangled)).as(mangled).isFalse();
        }
      }
    }
  }

  @Test
  void verifyNothingDoesTheWorkAndNeverSucceeds() {
    assertThat(hasher.verifyNothing("anything")).isFalse();
    assertThat(hasher.verifyNothing("")).isFalse();
    assertThat(hasher.verifyNothing("a".repeat(100))).isFalse();
  }

  @Test
  void malformedVersionOneHashesNeverMatch() {
    assertThat(hasher.verify("a".repeat(100), "$bv1-sha384$")).isFalse();
    assertThat(hasher.verify("a".repeat(100), "$bv1-sha384$not bcrypt")).isFalse();
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

  @Test
  void aHashAboveTheCapNeverMatchesEvenWithTheRightPassword() {
    try (PasswordHasher capped =
        new PasswordHasher(4, 5, 1, 4, new SecureRandom(), new CompositeMeterRegistry())) {
      String atTheCap = BCrypt.hashpw("pw", BCrypt.gensalt("$2b", 5));
      String aboveIt = BCrypt.hashpw("pw", BCrypt.gensalt("$2b", 6));

      assertThat(capped.verify("pw", atTheCap)).isTrue();
      assertThat(capped.verify("pw", aboveIt)).isFalse();
      assertThat(capped.verify("pw", PasswordHasher.PREHASHED_V1 + aboveIt)).isFalse();
      assertThat(PasswordHasher.costOf(aboveIt)).hasValue(6);
      assertThat(PasswordHasher.costOf("$2b$06$short")).isEmpty();
    }
    assertThatThrownBy(
            () -> new PasswordHasher(6, 5, 1, 1, new SecureRandom(), new CompositeMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLowerCostHashStillVerifiesAfterTheExtraWork() {
    try (PasswordHasher six = new PasswordHasher(6, 1, 4, new SecureRandom())) {
      String imported = BCrypt.hashpw("pw", BCrypt.gensalt("$2b", 4));

      assertThat(six.verify("pw", imported)).isTrue();
      assertThat(six.verify("not pw", imported)).isFalse();
      assertThat(six.needsRehash(imported)).isTrue();
    }
  }

  @Test
  void hashesOfAnotherCostNeedARehash() {
    assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();
    assertThat(hasher.needsRehash(hasher.hash("p".repeat(100)))).isFalse();
    assertThat(hasher.needsRehash(BCrypt.hashpw("pw", BCrypt.gensalt("$2a", 5)))).isTrue();
    assertThat(hasher.needsRehash("not a hash")).isFalse();
  }
}
