package io.bienvenue.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The original's task 9 ({@code _generate_uuid}): random tokens, and how they are kept. */
class TokensTest {

  private final Tokens tokens = new Tokens(new SecureRandom());

  @Test
  void tokensCarryTwoHundredFiftySixRandomBitsInBase64Url() {
    String token = tokens.newToken();

    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(Tokens.isWellFormed(token)).isTrue();
  }

  @Test
  void publicIdsNeverStartLikeAnOptionSoACommandLineTakesThemAsIs() {
    // One id in 32 would start with - or _ if nothing kept it from: 2,000 ids see it ~60 times.
    for (int i = 0; i < 2_000; i++) {
      String id = tokens.newId();
      assertThat(id).hasSize(22).matches("[A-Za-z0-9][A-Za-z0-9_-]{21}");
    }
  }

  @Test
  void tokensDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(tokens.newToken());
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void theStoredHashIsNotTheTokenAndIsStable() {
    String token = tokens.newToken();

    assertThat(Tokens.hash(token)).hasSize(64).doesNotContain(token).isEqualTo(Tokens.hash(token));
    assertThat(Tokens.hash(token)).isNotEqualTo(Tokens.hash(tokens.newToken()));
  }

  @Test
  void malformedTokensAreRecognised() {
    assertThat(Tokens.isWellFormed(null)).isFalse();
    assertThat(Tokens.isWellFormed("")).isFalse();
    assertThat(Tokens.isWellFormed("a".repeat(42))).isFalse();
    assertThat(Tokens.isWellFormed("a".repeat(44))).isFalse();
    assertThat(Tokens.isWellFormed("' OR 1=1 --" + "a".repeat(32))).isFalse();
  }

  @Test
  void sameHashComparesWholeValues() {
    assertThat(Tokens.sameHash("abc", "abc")).isTrue();
    assertThat(Tokens.sameHash("abc", "abd")).isFalse();
    assertThat(Tokens.sameHash("abc", "abcd")).isFalse();
  }
}
