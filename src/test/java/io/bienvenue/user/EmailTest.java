package io.bienvenue.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"guillaume@holberton.io", "a@b", "first.last+tag@example.co.uk", "é@ü.de"})
  void plausibleAddressesAreAccepted(String email) {
    assertThat(Email.isPlausible(email)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no-at-sign",
        "@example.org",
        "user@",
        "a b@example.org",
        "tab\t@example.org",
        "nul\0@example.org",
        "line\n@example.org",
        "nbsp\u00a0@example.org"
      })
  void implausibleAddressesAreRefused(String email) {
    assertThat(Email.isPlausible(email)).isFalse();
  }

  @Test
  void addressesOverTwoHundredFiftyFourCharactersAreRefused() {
    String longest = "a".repeat(254 - "@example.org".length()) + "@example.org";
    assertThat(Email.isPlausible(longest)).isTrue();
    assertThat(Email.isPlausible("a" + longest)).isFalse();
  }

  @Test
  void foldingIgnoresCaseWhateverTheDefaultLocale() {
    assertThat(Email.fold("Guillaume@Holberton.IO")).isEqualTo("guillaume@holberton.io");
    assertThat(Email.fold("ISTANBUL@X.TR")).isEqualTo("istanbul@x.tr");
  }
}
