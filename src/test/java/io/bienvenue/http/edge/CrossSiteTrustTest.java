package io.bienvenue.http.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which other origins may change state: the CORS allow-list exactly, and the origins within the
 * cookie domain, matched as a browser matches a cookie's {@code Domain}.
 */
class CrossSiteTrustTest {

  private final CrossSiteTrust shared =
      CrossSiteTrust.of(
          List.of("https://spa.other.example:8443"), Optional.of("example.com"), true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com",
        "https://app.example.com",
        "https://deep.app.example.com",
        "https://APP.Example.COM",
        "https://app.example.com:8443",
        "https://spa.other.example:8443"
      })
  void theDomainsOriginsAndTheListedOnesAreTrusted(String origin) {
    assertThat(shared.trusts(WebOrigin.fromHeader(origin).orElseThrow())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://badexample.com",
        "https://example.com.evil.example",
        "https://example.co",
        "https://com",
        "http://app.example.com",
        "https://spa.other.example",
        "http://spa.other.example:8443",
        "https://other.example:8443",
        "https://xn--exmple-cua.com"
      })
  void anyOtherOriginIsNot(String origin) {
    assertThat(shared.trusts(WebOrigin.fromHeader(origin).orElseThrow())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://user@app.example.com",
        "https://app.example.com@evil.example",
        "https://app.example.com\\@evil.example",
        "https://app.example.com\t",
        "https://аpp.example.com",
        "javascript:alert(1)",
        "file://app.example.com",
        "//app.example.com",
        "https://app.example.com https://evil.example"
      })
  void anOriginHeaderThatIsNoSingleOriginNamesNone(String header) {
    assertThat(WebOrigin.fromHeader(header)).isEmpty();
  }

  @Test
  void overPlainHttpTheDomainsHttpOriginsAreTrustedToo() {
    CrossSiteTrust development = CrossSiteTrust.of(List.of(), Optional.of("example.com"), false);

    assertThat(development.trusts(WebOrigin.fromHeader("http://app.example.com").orElseThrow()))
        .isTrue();
    assertThat(development.trusts(WebOrigin.fromHeader("http://evil.example").orElseThrow()))
        .isFalse();
  }

  @Test
  void noneTrustsNoOrigin() {
    assertThat(CrossSiteTrust.NONE.trusts(WebOrigin.fromHeader("https://example.com").get()))
        .isFalse();
    assertThat(CrossSiteTrust.NONE.corsOrigins()).isEmpty();
    assertThat(CrossSiteTrust.NONE.cookieDomain()).isEmpty();
  }

  @Test
  void corsOriginsAreKeptAsBrowsersWriteThem() {
    CrossSiteTrust trust =
        CrossSiteTrust.of(
            List.of("https://App.Example.com:443", "http://localhost:3000"),
            Optional.empty(),
            true);

    assertThat(trust.corsOrigins())
        .containsExactly("http://localhost:3000", "https://app.example.com");
  }

  @Test
  void aCookieDomainIsKeptInLowerCaseWithoutItsLeadingDot() {
    assertThat(CrossSiteTrust.requireDomain(".Example.COM")).isEqualTo("example.com");
    assertThat(CrossSiteTrust.requireDomain("xn--exmple-cua.com")).isEqualTo("xn--exmple-cua.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "com",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "example..com",
        "-example.com",
        "example-.com",
        "exa mple.com",
        "exämple.com",
        "example.com.",
        "*.example.com",
        "example.com/path",
        "https://example.com"
      })
  void aCookieDomainMustBeADomainOfTwoLabelsOrMore(String domain) {
    assertThatThrownBy(() -> CrossSiteTrust.requireDomain(domain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cookie-domain")
        .hasMessageContaining("'" + domain + "'");
  }

  @Test
  void aCorsOriginMustBeAnOriginAndNamesItsOption() {
    assertThatThrownBy(
            () -> CrossSiteTrust.of(List.of("https://app.example.com/"), Optional.empty(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cors-origin");
  }
}
