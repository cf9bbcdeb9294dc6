package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.http.edge.WebOrigin;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open-redirect policy on its own: what {@link ReturnTo#check} follows, and every trick it
 * refuses, with {@code https://app.example.com} allowed and {@code https://auth.example.org} the
 * service's public URL.
 */
class ReturnToTest {

  private static final Optional<String> HOST = Optional.of("auth.example.org");

  private final ReturnTo production =
      ReturnTo.of(
          List.of("https://app.example.com", "http://localhost:3000"),
          Optional.of(URI.create("https://auth.example.org")));
  private final ReturnTo development = ReturnTo.ownOnly();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com",
        "https://app.example.com/",
        "https://app.example.com/dashboard?tab=1#top",
        "https://app.example.com:443/x",
        "HTTPS://APP.EXAMPLE.COM/x",
        "http://localhost:3000/callback",
        "https://auth.example.org/ui/profile",
        "/ui/profile",
        "/ui/profile?x=1",
        "/some/page#part"
      })
  void allowedDestinationsAreFollowedAsWritten(String raw) {
    assertThat(production.check(raw, HOST)).contains(URI.create(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example",
        "//evil.example/ui/profile",
        "///evil.example",
        "https:evil.example",
        "https:/evil.example",
        "http:evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "https://app.example.com\\@evil.example",
        "https://evil.example",
        "https://app.example.com@evil.example",
        "https://app.example.com:443@evil.example",
        "https://user:pass@app.example.com/",
        "https://app.example.com.evil.example",
        "https://evil.example/https://app.example.com",
        "https://evil.example?https://app.example.com",
        "https://evil.example#@app.example.com",
        "http://app.example.com",
        "https://app.example.com:8443",
        "https://app.example.com.",
        "https://xn--pp-8cd.example.com",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://app.example.com",
        "../ui/profile",
        "./x",
        "ui/profile",
        "evil.example",
        "/%2F%2Fevil.example",
        "/%2f%2fevil.example",
        "/%252F%252Fevil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "/ui/../..//evil.example",
        "/%2e%2e/%2e%2e//evil.example",
        "https://evil%2Eexample",
        "https://app.example.com%40evil.example",
        "http://localhost:3001/",
        "https://localhost:3000/"
      })
  void everyOtherDestinationIsRefused(String raw) {
    assertThat(production.check(raw, HOST)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/\t/evil.example",
        "/\n/evil.example",
        "https://app.example.com\t.evil.example",
        "java\nscript:alert(1)",
        " https://app.example.com",
        "https://app.example.com/ x",
        "/ui\r\nSet-Cookie: x=1",
        "/\u0000/evil.example",
        "https://аpp.example.com",
        "https://app.example.com\u3002evil.example",
        "https://ａpp.example.com",
        "/\u2215\u2215evil.example"
      })
  void controlCharactersWhitespaceAndUnicodeAreRefused(String raw) {
    assertThat(production.check(raw, HOST)).isEmpty();
  }

  @Test
  void emptyMissingAndOverlongValuesAreRefused() {
    assertThat(production.check(null, HOST)).isEmpty();
    assertThat(production.check("", HOST)).isEmpty();
    String longest = "/" + "a".repeat(ReturnTo.MAX_LENGTH - 1);
    assertThat(production.check(longest, HOST)).isPresent();
    assertThat(production.check(longest + "a", HOST)).isEmpty();
  }

  @Test
  void productionsOwnOriginIsThePublicUrlsNotTheRequestsHost() {
    assertThat(production.check("http://localhost:5000/ui/profile", Optional.of("localhost:5000")))
        .isEmpty();
    assertThat(production.check("https://auth.example.org:443/ui/profile", HOST)).isPresent();
    assertThat(production.check("http://auth.example.org/ui/profile", HOST)).isEmpty();
  }

  @Test
  void developmentsOwnOriginIsTheLoopbackOriginTheRequestCameTo() {
    Optional<String> host = Optional.of("127.0.0.1:5000");
    assertThat(development.check("http://127.0.0.1:5000/ui/profile?x", host)).isPresent();
    assertThat(development.check("http://127.0.0.1:5001/ui/profile", host)).isEmpty();
    assertThat(development.check("http://localhost:5000/ui/profile", host)).isEmpty();
    assertThat(development.check("https://127.0.0.1:5000/ui/profile", host)).isEmpty();
    assertThat(development.check("http://[::1]:5000/ui/profile", Optional.of("[::1]:5000")))
        .isPresent();
    assertThat(development.check("http://evil.example/", Optional.of("evil.example"))).isEmpty();
    assertThat(development.check("http://127.0.0.1:5000/", Optional.empty())).isEmpty();
    assertThat(development.check("/ui/profile", Optional.empty())).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com",
        "http://localhost:3000",
        "https://APP.example.com",
        "https://[::1]:8443"
      })
  void originsAreAccepted(String origin) {
    assertThat(WebOrigin.require(origin, "--return-to-origin")).isEqualTo(URI.create(origin));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.example.com",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://app.example.com?x",
        "https://app.example.com#x",
        "https://user@app.example.com",
        "https://app.example.com:",
        "ftp://app.example.com",
        "javascript:alert(1)",
        "https://аpp.example.com",
        "//app.example.com",
        "https://*.example.com",
        ""
      })
  void anythingButAnOriginIsRefusedWithTheOptionsName(String origin) {
    assertThatThrownBy(() -> WebOrigin.require(origin, "--return-to-origin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--return-to-origin")
        .hasMessageContaining("'" + origin + "'");
  }
}
