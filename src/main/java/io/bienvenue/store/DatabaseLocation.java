package io.bienvenue.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is, read from what an operator writes in {@code --database}: an SQLite file
 * path, a {@code jdbc:sqlite:} URL, a {@code postgresql://user:password@host:port/db} URL (as
 * {@code psql} takes it) or a {@code jdbc:postgresql:} URL. {@link #toString()} hides the password,
 * and {@link #scrub} takes it out of any message; the location is never shown as written.
 *
 * @param dialect the engine
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the login, if the location named one
 * @param password the password, if the location named one
 */
record DatabaseLocation(
    Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

  private static final String JDBC_POSTGRESQL = "jdbc:postgresql://";

  DatabaseLocation {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Reads {@code location}. Credentials in a URL's authority ({@code user:password@}) are taken out
   * of the JDBC URL, so the driver, which may echo its URL in a message, never holds them there; a
   * password may hold {@code /}, {@code ?} or {@code @} unencoded, as the authority ends at the
   * last {@code @}.
   *
   * @throws IllegalArgumentException if it is none of the supported forms, or a file path whose
   *     folder does not exist; the message never holds the password
   */
  static DatabaseLocation parse(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("the database location is empty");
    }
    if (location.startsWith("jdbc:sqlite:")) {
      return new DatabaseLocation(Dialect.SQLITE, location, Optional.empty(), Optional.empty());
    }
    if (location.startsWith(JDBC_POSTGRESQL) && beforeQuery(location).contains("@")) {
      return postgresql(location, JDBC_POSTGRESQL.length());
    }
    if (location.startsWith("jdbc:postgresql:")) {
      return new DatabaseLocation(Dialect.POSTGRESQL, location, Optional.empty(), Optional.empty());
    }
    if (location.startsWith("postgresql://")) {
      return postgresql(location, "postgresql://".length());
    }
    if (location.startsWith("postgres://")) {
      return postgresql(location, "postgres://".length());
    }
    if (location.startsWith("jdbc:") || location.contains("://")) {
      throw new IllegalArgumentException(
          "unsupported database "
              + redact(location)
              + ": use a file path, a jdbc:sqlite: URL, or a postgresql:// or jdbc:postgresql: URL");
    }
    Path folder = Path.of(location).toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("the database folder " + folder + " does not exist");
    }
    return new DatabaseLocation(
        Dialect.SQLITE, "jdbc:sqlite:" + location, Optional.empty(), Optional.empty());
  }

  /** Reads a PostgreSQL URL whose authority starts at {@code authority}. */
  private static DatabaseLocation postgresql(String location, int authority) {
    String rest = location.substring(authority);
    int at = rest.lastIndexOf('@');
    String userInfo = at < 0 ? null : rest.substring(0, at);
    String server = rest.substring(at + 1);
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
    }
    String shown =
        JDBC_POSTGRESQL
            + (userInfo == null ? "" : user.get() + (password.isPresent() ? ":***" : "") + "@")
            + server;
    URI uri;
    try {
      uri = new URI("postgresql://" + server);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the database URL " + shown + " is malformed");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the database URL " + shown + " has no host");
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String url = JDBC_POSTGRESQL + uri.getHost() + port + path + query;
    return new DatabaseLocation(Dialect.POSTGRESQL, url, user, password);
  }

  /** {@code url} up to its query: an {@code @} in a parameter ({@code user=a@b}) is no login. */
  private static String beforeQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A lone % is a character of the password, not an escape.
      return text;
    }
  }

  /**
   * {@code location} with any password in it replaced by stars: after {@code user:} up to the last
   * {@code @} of a URL (a password may hold {@code /}), and any {@code password=} parameter. For a
   * text that may hold a location, parsed or not.
   */
  static String redact(String location) {
    return location
        .replaceAll("//([^/@:\\s]*):\\S*@", "//$1:***@")
        .replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
  }

  /**
   * {@code text} (a driver's or Flyway's message) with this location's password, as written or
   * URL-encoded, replaced by stars wherever it appears, then {@link #redact redacted}.
   */
  String scrub(String text) {
    String scrubbed = text;
    if (password.isPresent() && !password.get().isEmpty()) {
      String secret = password.get();
      scrubbed = scrubbed.replace(secret, "***");
      scrubbed = scrubbed.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "***");
    }
    return redact(scrubbed);
  }

  /** The location with no password in it, for messages. */
  @Override
  public String toString() {
    return dialect + " " + redact(jdbcUrl) + user.map(u -> " as " + u).orElse("");
  }
}
