package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules a redirect URI must follow to be registered, and the tricks they refuse. */
class RedirectUrisTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.org/callback",
        "https://app.example.org",
        "https://app.example.org:8443/cb",
        "https://app.example.org/cb?tenant=a&x=%2F",
        "https://192.0.2.10/cb",
        "http://localhost/cb",
        "http://localhost:51004/cb",
        "http://127.0.0.1:8080/callback",
        "http://[::1]:8080/callback",
        "com.example.app:/oauth2redirect",
        "com.example.app:/cb",
        "org.example.native://callback",
      })
  void theseCanBeRegistered(String uri) {
    assertThat(RedirectUris.refusal(uri)).isEmpty();
    assertThat(RedirectUris.check(uri)).isEqualTo(uri);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                          | empty
          /callback                                   | not absolute
          app.example.org/cb                          | not absolute
          https://app.example.org/cb#fragment         | fragment
          https://app.example.org/cb#                 | fragment
          https://user@app.example.org/cb             | userinfo
          https://app.example.org@evil.example/cb     | userinfo
          https://app.example.org%2F@evil.example/cb  | userinfo
          https://*.example.org/cb                    | wildcard
          https://app.example.org/*                   | wildcard
          javascript:alert(1)                         | scheme must be
          JAVASCRIPT:alert(1)                         | lower case
          data:text/html;base64,PHNjcmlwdD4=          | scheme must be
          file:///etc/passwd                          | scheme must be
          vbscript:msgbox                             | scheme must be
          ftp://files.example.org/cb                  | scheme must be
          http://app.example.org/cb                   | loopback host only
          http://localhost.evil.example/cb            | loopback host only
          http://127.0.0.1.evil.example/cb            | loopback host only
          http://0.0.0.0/cb                           | loopback host only
          HTTPS://app.example.org/cb                  | lower case
          https://App.Example.org/cb                  | lower case
          https:///cb                                 | no valid host
          https://app.example.org:99999/cb            | port
          https://app.example.org\\@evil.example/cb   | not a valid URI
          https://app.example.org/c b                 | printable ASCII
          https://app.exämple.org/cb                  | printable ASCII
          https://evil%2Eexample/cb                   | no valid host
          https:app.example.org/cb                    | no valid host
          https:/app.example.org/cb                   | no valid host
          //app.example.org/cb                        | not absolute
          https://app.example.org\\cb                | not a valid URI
          com.example.app:/cb#frag                    | fragment
          Com.Example.App:/cb                         | lower case
          com.example.app://user@host/cb              | userinfo
          """)
  void theseAreRefusedWithTheirReason(String uri, String reason) {
    assertThat(RedirectUris.refusal(uri))
        .hasValueSatisfying(why -> assertThat(why).contains(reason));
    assertThatThrownBy(() -> RedirectUris.check(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void controlCharactersTabsAndNewlinesAreRefused() {
    for (String uri :
        new String[] {
          "https://app.example.org/cb\n", "https://app.example.org/\tcb", "https://app\u0000.org/"
        }) {
      assertThat(RedirectUris.refusal(uri))
          .as(uri)
          .hasValue("only printable ASCII characters are allowed, no spaces");
    }
  }

  @Test
  void aUriOfTheLongestLengthIsAcceptedAndOneMoreCharacterIsNot() {
    String base = "https://app.example.org/";
    String longest = base + "a".repeat(RedirectUris.MAX_LENGTH - base.length());

    assertThat(RedirectUris.refusal(longest)).isEmpty();
    assertThat(RedirectUris.refusal(longest + "a"))
        .hasValueSatisfying(why -> assertThat(why).contains("longer than 2000"));
  }

  @Test
  void theReasonNeverRepeatsTheUri() {
    String uri = "javascript:alert(document.cookie)";

    assertThat(RedirectUris.refusal(uri).orElseThrow()).doesNotContain("alert");
  }
}
