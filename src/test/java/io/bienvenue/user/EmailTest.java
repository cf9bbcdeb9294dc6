package io.bienvenue.user;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "guillaume@holberton.io",
        "a@b",
        "first.last+tag@example.co.uk",
        "o'brien@example.org",
        "x!#$%&'*+-/=?^_`{|}~@a-b.example",
        "user@127.0.0.1"
      })
  void bareAsciiAddressesAreAccepted(String email) throws Exception {
    assertThat(Email.isValid(email)).isTrue();
    // What the grammar accepts, the mailer's strict parser gives back character for character.
    InternetAddress parsed = new InternetAddress(email, true);
    assertThat(parsed.getAddress()).isEqualTo(email);
    assertThat(parsed.getPersonal()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no-at-sign",
        "@example.org",
        "user@",
        "a@b@c",
        "a@[127.0.0.1]",
        "a@[IPv6:::1]",
        "<attacker@evil.test>@example.org",
        "\"<attacker@evil.test>\"@example.org",
        "\"quoted\"@example.org",
        "Name <a@b.org>",
        "<a@b.org>",
        "a@b.org (comment)",
        "(comment)a@b.org",
        "@route.example:a@b.org",
        "a,b@example.org",
        "a@b.org,c@d.org",
        "a;b@example.org",
        "a\\b@example.org",
        ".a@example.org",
        "a.@example.org",
        "a..b@example.org",
        "a@example.org.",
        "a@.example.org",
        "a@example..org",
        "a@-example.org",
        "a@example-.org",
        "a@exa_mple.org",
        "a b@example.org",
        "tab\t@example.org",
        "nul\0@example.org",
        "line\n@example.org",
        "cr\r@example.org"
      })
  void anythingButABareAddressIsRefusedAsInvalid(String email) {
    assertThat(Email.isValid(email)).isFalse();
    assertThat(Email.problem(email)).contains(Email.INVALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u212Aate@example.org", // K, the Kelvin sign, which Unicode lower-cases to k
        "\u0131stanbul@example.org", // ı, dotless i, which Unicode upper-cases to I
        "\u0130stanbul@example.org", // İ, which Unicode lower-cases to i and a combining dot
        "stra\u00dfe@example.org", // ß, which Unicode upper-cases to SS
        "\uff41\uff44\uff41@example.org", // full-width ａｄａ
        "ada@\uff45xample.org", // a full-width letter in the domain
        "\u00e9@\u00fc.de",
        "nbsp\u00a0@example.org"
      })
  void nonAsciiAddressesAreRefusedWithTheirReason(String email) {
    assertThat(Email.isValid(email)).isFalse();
    assertThat(Email.problem(email)).contains(Email.NOT_ASCII);
  }

  @Test
  void lengthsFollowRfc5321() {
    String longest = "a".repeat(63) + "@" + ("b".repeat(62) + ".").repeat(3) + "c".repeat(1);
    assertThat(longest).hasSize(254);
    assertThat(Email.isValid(longest)).isTrue();
    assertThat(Email.isValid("a" + longest)).isFalse();
    assertThat(Email.isValid("a".repeat(64) + "@example.org")).isTrue();
    assertThat(Email.isValid("a".repeat(65) + "@example.org")).isFalse();
    assertThat(Email.isValid("a@" + "b".repeat(63) + ".org")).isTrue();
    assertThat(Email.isValid("a@" + "b".repeat(64) + ".org")).isFalse();
  }

  @Test
  void foldingLowersTheAsciiRangeOnlyWhateverTheDefaultLocale() {
    assertThat(Email.fold("Guillaume@Holberton.IO")).isEqualTo("guillaume@holberton.io");
    assertThat(Email.fold("ISTANBUL@X.TR")).isEqualTo("istanbul@x.tr");
    assertThat(Email.fold("\u212Aate@example.org")).isEqualTo("\u212Aate@example.org");
    assertThat(Email.fold("\u0130@x.tr")).isEqualTo("\u0130@x.tr");
    assertThat(Email.fold("\u0131@x.tr")).isEqualTo("\u0131@x.tr");
    assertThat(Email.fold("STRASSE@X.DE")).isEqualTo("strasse@x.de");
    assertThat(Email.fold("\u00df@x.de")).isEqualTo("\u00df@x.de");
    assertThat(Email.fold("\uff21@x.org")).isEqualTo("\uff21@x.org");
  }

  @Test
  void theMailboxLeavesOutThePlusTagAndTheCase() {
    assertThat(Email.mailbox("Victim+12@Example.NET")).isEqualTo("victim@example.net");
    assertThat(Email.mailbox("victim+a+b@example.net")).isEqualTo("victim@example.net");
    assertThat(Email.mailbox("victim@example.net")).isEqualTo("victim@example.net");
    assertThat(Email.mailbox("+tag@example.net")).isEqualTo("@example.net");
  }
}
