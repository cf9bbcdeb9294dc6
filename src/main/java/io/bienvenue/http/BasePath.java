package io.bienvenue.http;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The path prefix under which a proxy mounts the service ({@code --base-path /auth}, or the path of
 * {@code --public-url https://app.example.com/auth}): every route, page and link of the service
 * starts with it, and nothing outside it is answered. The proxy passes the path on unchanged.
 *
 * <p>A base path is {@code /} followed by segments separated by single slashes, each made only of
 * RFC 3986's unreserved characters (letters, digits, {@code -}, {@code .}, {@code _}, {@code ~}),
 * none of them {@code .} or {@code ..}. One trailing slash is dropped; {@code /} alone, or the
 * empty string, is {@link #NONE}. Percent-escapes are refused rather than decoded, so the prefix a
 * request must carry is the one written. Immutable, thread-safe.
 */
public final class BasePath {

  /** No prefix: the service answers at {@code /}, as the original. */
  public static final BasePath NONE = new BasePath("");

  private static final Pattern SEGMENTS = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /** The segments a browser or proxy resolves away. */
  private static final Set<String> DOT_SEGMENTS = Set.of(".", "..");

  private final String value;

  private BasePath(String value) {
    this.value = value;
  }

  /**
   * The base path {@code text} names.
   *
   * @param text the path, such as {@code /auth} or {@code /auth/}; empty or {@code /} for none
   * @param option the option it came from, to name in an error ({@code --base-path})
   * @throws IllegalArgumentException naming {@code option} if {@code text} is not a base path
   */
  public static BasePath parse(String text, String option) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(option, "option");
    if (text.isEmpty() || text.equals("/")) {
      return NONE;
    }
    String path = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    boolean valid =
        SEGMENTS.matcher(path).matches()
            && Arrays.stream(path.substring(1).split("/")).noneMatch(DOT_SEGMENTS::contains);
    if (!valid) {
      throw new IllegalArgumentException(
          option
              + " '"
              + text
              + "' is not a base path: write /name or /name/more, with letters, digits and"
              + " -._~ only, and no . or .. segment, no %, no //");
    }
    return new BasePath(path);
  }

  /**
   * The base path of {@code publicUrl}: its path, as {@link #parse} reads it.
   *
   * @throws IllegalArgumentException naming {@code --public-url} if its path is not a base path
   */
  public static BasePath ofPublicUrl(URI publicUrl) {
    Objects.requireNonNull(publicUrl, "publicUrl");
    String path = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath();
    return parse(path, "--public-url's path");
  }

  /** The prefix: {@code /auth}, or the empty string for {@link #NONE}. */
  public String value() {
    return value;
  }

  /** Tells whether there is a prefix. */
  public boolean isSet() {
    return !value.isEmpty();
  }

  /**
   * {@code path}, an absolute path of the service such as {@code /ui/profile}, under the prefix.
   */
  public String prefixed(String path) {
    Objects.requireNonNull(path, "path");
    return value + path;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BasePath that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The prefix, or {@code /} for none. */
  @Override
  public String toString() {
    return isSet() ? value : "/";
  }
}
