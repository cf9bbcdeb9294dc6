package io.bienvenue.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.InvalidFieldException;
import org.junit.jupiter.api.Test;

/** The two password policies of SPEC §3: the original's, and NIST SP 800-63B's for production. */
class PasswordPolicyTest {

  private static final String EMAIL = "guillaume.holberton@example.org";

  // Loading zxcvbn's list takes tens of milliseconds; the policy is immutable, so share one.
  private static final PasswordPolicy PRODUCTION = PasswordPolicy.production(15);

  @Test
  void developmentAcceptsAnyNonEmptyPasswordAsTheOriginalDoes() {
    PasswordPolicy development = PasswordPolicy.development();

    assertThatCode(() -> development.check("b4l0u", EMAIL)).doesNotThrowAnyException();
    assertThatCode(() -> development.check("password", EMAIL)).doesNotThrowAnyException();
    assertThatCode(() -> development.check(EMAIL, EMAIL)).doesNotThrowAnyException();
    assertThat(development.production()).isFalse();
    assertThat(development.minLength()).isEqualTo(1);
  }

  @Test
  void developmentRefusesAnEmptyPassword() {
    assertThatThrownBy(() -> PasswordPolicy.development().check("", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("password must not be empty");
  }

  @Test
  void productionRefusesAPasswordShorterThanTheMinimum() {
    assertThatThrownBy(() -> PRODUCTION.check("xk4Tq9vL2mWp7R", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("password must be at least 15 characters")
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("password");
    assertThat(PRODUCTION.production()).isTrue();
    assertThat(PRODUCTION.minLength()).isEqualTo(15);
  }

  @Test
  void productionAcceptsFifteenRandomLookingCharacters() {
    assertThatCode(() -> PRODUCTION.check("xk4Tq9vL2mWp7Rz", EMAIL)).doesNotThrowAnyException();
  }

  @Test
  void productionAcceptsLongPasswordsWithoutCompositionRules() {
    String sentence = "correct horse battery staple, then a second horse for the road ok";
    assertThat(sentence.length()).isGreaterThanOrEqualTo(64);

    assertThatCode(() -> PRODUCTION.check(sentence, EMAIL)).doesNotThrowAnyException();
    assertThatCode(() -> PRODUCTION.check("\u00e9".repeat(64), EMAIL)).doesNotThrowAnyException();
    assertThatCode(() -> PRODUCTION.check("a".repeat(1000), EMAIL)).doesNotThrowAnyException();
  }

  @Test
  void lengthCountsCodePointsNotUtf16Units() {
    String grinning = "\uD83D\uDE00";
    assertThat(grinning.repeat(14)).hasSize(28);

    assertThatThrownBy(() -> PRODUCTION.check(grinning.repeat(14), EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("at least 15");
    assertThatCode(() -> PRODUCTION.check(grinning.repeat(15), EMAIL)).doesNotThrowAnyException();
  }

  @Test
  void lengthIsCountedAfterNfkcNormalisation() {
    String decomposed = "e\u0301".repeat(14);
    assertThat(decomposed.codePointCount(0, decomposed.length())).isEqualTo(28);

    assertThatThrownBy(() -> PRODUCTION.check(decomposed, EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("at least 15");
  }

  @Test
  void productionRefusesPasswordsFromTheLeakedList() {
    // Each of these is an entry of zxcvbn4j 1.9.0's passwords.txt at least 15 characters long.
    for (String leaked :
        new String[] {
          "passwordstandard", "qwertyuiop12345", "1234567890qwerty", "qwerty123456789"
        }) {
      assertThatThrownBy(() -> PRODUCTION.check(leaked, EMAIL))
          .as(leaked)
          .isInstanceOf(InvalidFieldException.class)
          .hasMessage("password is too common: it appears in lists of leaked passwords");
    }
  }

  @Test
  void theLeakedListIsComparedIgnoringCaseAndL33tSpellings() {
    assertThatThrownBy(() -> PRODUCTION.check("PasswordStandard", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("too common");
    assertThatThrownBy(() -> PRODUCTION.check("p@$$w0rd$t@nd@rd", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("too common")
        .message()
        .doesNotContain("p@$$w0rd$t@nd@rd");
  }

  @Test
  void theLeakedListIsALookupOfTheWholePasswordNotOfAPart() {
    assertThatCode(() -> PRODUCTION.check("passwordstandard!", EMAIL)).doesNotThrowAnyException();
    assertThatCode(() -> PRODUCTION.check("my qwertyuiop12345", EMAIL)).doesNotThrowAnyException();
  }

  @Test
  void shortLeakedPasswordsAreRefusedUnderTheSmallestMinimum() {
    PasswordPolicy eight = PasswordPolicy.production(8);

    for (String leaked : new String[] {"password", "12345678", "iloveyou", "P@ssw0rd"}) {
      assertThatThrownBy(() -> eight.check(leaked, EMAIL))
          .as(leaked)
          .isInstanceOf(InvalidFieldException.class)
          .hasMessageContaining("too common");
    }
    assertThatCode(() -> eight.check("xk4Tq9vL", EMAIL)).doesNotThrowAnyException();
  }

  @Test
  void productionRefusesTheEmailAddressInAnyCase() {
    assertThatThrownBy(() -> PRODUCTION.check("Guillaume.Holberton@Example.org", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("must not be your email address");
  }

  @Test
  void productionRefusesThePartOfTheEmailBeforeTheAt() {
    assertThatThrownBy(() -> PRODUCTION.check("GUILLAUME.HOLBERTON", EMAIL))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("must not be your email address");
    assertThatCode(() -> PRODUCTION.check("guillaume.holberton.example", EMAIL))
        .doesNotThrowAnyException();
  }

  @Test
  void aMinimumBelowEightIsRefused() {
    assertThatThrownBy(() -> PasswordPolicy.production(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--password-min-length")
        .hasMessageContaining("8");
    assertThat(PasswordPolicy.production(8).minLength()).isEqualTo(8);
  }
}
