package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bienvenue.config.Durations;
import io.bienvenue.user.Email;
import java.time.Duration;

/**
 * Coverage-guided fuzzing (Jazzer) of the validation code every request and every start goes
 * through. Under {@code ./mvnw verify} each target runs once per input of its committed corpus,
 * {@code src/test/resources/io/bienvenue/hostile/ParsersFuzzTestInputs/<target>/}; with {@code
 * JAZZER_FUZZ=1} one target is fuzzed for its {@code maxDuration} (see docs/development.md,
 * Testing).
 */
class ParsersFuzzTest {

  /**
   * {@code Email.isValid} never throws, what it accepts has the shape it promises (ASCII, one
   * {@code @}, no control character) and parses to itself in the mailer's strict parser, and its
   * case-folded key has the same length and is stable.
   */
  @FuzzTest(maxDuration = "2m")
  void emailPlausibility(FuzzedDataProvider data) {
    String email = data.consumeRemainingAsString();

    if (Email.isValid(email)) {
      assertThat(email.length()).isBetween(3, 254);
      assertThat(email.indexOf('@'))
          .isEqualTo(email.lastIndexOf('@'))
          .isBetween(1, email.length() - 2);
      assertThat(email.chars().allMatch(c -> c > 0x20 && c < 0x7F)).isTrue();
      String folded = Email.fold(email);
      assertThat(folded).hasSameSizeAs(email);
      assertThat(Email.fold(folded)).isEqualTo(folded);
      // The mailer's strict parser gives back exactly what the grammar accepted.
      try {
        assertThat(new jakarta.mail.internet.InternetAddress(email, true).getAddress())
            .isEqualTo(email);
      } catch (jakarta.mail.internet.AddressException e) {
        throw new AssertionError("the grammar accepted what the mail parser refuses: " + email, e);
      }
    }
  }

  /**
   * {@code Durations.parse} gives a duration or an {@link IllegalArgumentException} naming the
   * text: no other exception, whatever the flag value.
   */
  @FuzzTest(maxDuration = "2m")
  void durationParsing(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Duration parsed;
    try {
      parsed = Durations.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(parsed).isNotNull();
  }
}
