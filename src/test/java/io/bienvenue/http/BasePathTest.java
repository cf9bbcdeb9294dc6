package io.bienvenue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule of {@code --base-path} on its own: what {@link BasePath#parse} takes, and refuses. */
class BasePathTest {

  @ParameterizedTest
  @CsvSource({
    "/auth, /auth",
    "/auth/, /auth",
    "/a/b, /a/b",
    "/a/b/, /a/b",
    "/Auth-2_x.y~z, /Auth-2_x.y~z",
    "/v1.2, /v1.2",
    "/..a, /..a",
    "/.well, /.well",
    "/a/.b/c, /a/.b/c"
  })
  void pathsOfUnreservedSegmentsAreTakenWithoutTheirTrailingSlash(String text, String prefix) {
    BasePath basePath = BasePath.parse(text, "--base-path");

    assertThat(basePath.value()).isEqualTo(prefix);
    assertThat(basePath.isSet()).isTrue();
    assertThat(basePath.prefixed("/ui/profile")).isEqualTo(prefix + "/ui/profile");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/"})
  void emptyOrASlashAloneIsNone(String text) {
    BasePath basePath = BasePath.parse(text, "--base-path");

    assertThat(basePath).isEqualTo(BasePath.NONE);
    assertThat(basePath.isSet()).isFalse();
    assertThat(basePath.prefixed("/ui/profile")).isEqualTo("/ui/profile");
    assertThat(basePath).hasToString("/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "auth",
        "auth/",
        "//",
        "//auth",
        "/auth//",
        "/a//b",
        "/.",
        "/..",
        "/a/./b",
        "/a/../b",
        "/a/..",
        "/auth/.",
        "/a%2Fb",
        "/%61uth",
        "/a b",
        "/a\\b",
        "/a?b",
        "/a#b",
        "/a;b",
        "/a:b",
        "/a@b",
        "/a+b",
        "/é",
        "/auth\n",
        " /auth",
        "https://app.example.com/auth"
      })
  void anythingElseIsRefusedNamingTheOption(String text) {
    assertThatThrownBy(() -> BasePath.parse(text, "--base-path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--base-path '" + text + "' is not a base path");
  }

  @ParameterizedTest
  @CsvSource({
    "https://app.example.com/auth, /auth",
    "https://app.example.com/auth/, /auth",
    "https://app.example.com/a/b?x=1, /a/b",
    "https://auth.example.org/, /",
    "https://auth.example.org, /"
  })
  void aPublicUrlsPathIsItsBasePath(String url, String expected) {
    assertThat(BasePath.ofPublicUrl(URI.create(url))).hasToString(expected);
  }

  @Test
  void aPublicUrlWhosePathIsNoBasePathIsRefusedNamingIt() {
    assertThatThrownBy(() -> BasePath.ofPublicUrl(URI.create("https://app.example.com/a%20b")))
        .hasMessageStartingWith("--public-url's path '/a%20b' is not a base path");
    assertThatThrownBy(() -> BasePath.ofPublicUrl(URI.create("https://app.example.com//auth")))
        .hasMessageContaining("is not a base path");
  }

  @Test
  void twoBasePathsAreEqualWhenTheirPrefixesAre() {
    assertThat(BasePath.parse("/auth/", "--base-path"))
        .isEqualTo(BasePath.parse("/auth", "--public-url's path"))
        .hasSameHashCodeAs(BasePath.parse("/auth", "x"))
        .isNotEqualTo(BasePath.parse("/Auth", "--base-path"))
        .isNotEqualTo(BasePath.NONE);
  }
}
