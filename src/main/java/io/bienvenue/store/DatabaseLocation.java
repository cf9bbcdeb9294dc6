package io.bienvenue.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is, read from what an operator writes in {@code --database}: an SQLite file
 * path, a {@code jdbc:sqlite:} URL, a {@code postgresql://user:password@host:port/db} URL (as
 * {@code psql} takes it) or a {@code jdbc:postgresql:} URL. {@link #toString()} hides the password.
 *
 * @param dialect the engine
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the login, if the location named one
 * @param password the password, if the location named one
 */
record DatabaseLocation(
    Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

  DatabaseLocation {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Reads {@code location}.
   *
   * @throws IllegalArgumentException if it is none of the supported forms, or a file path whose
   *     folder does not exist
   */
  static DatabaseLocation parse(String location) {
    Objects.requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("the database location is empty");
    }
    if (location.startsWith("jdbc:sqlite:")) {
      return new DatabaseLocation(Dialect.SQLITE, location, Optional.empty(), Optional.empty());
    }
    if (location.startsWith("jdbc:postgresql:")) {
      return new DatabaseLocation(Dialect.POSTGRESQL, location, Optional.empty(), Optional.empty());
    }
    if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
      return postgresql(location);
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

  private static DatabaseLocation postgresql(String location) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the database URL " + redact(location) + " is malformed");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the database URL " + redact(location) + " has no host");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String url = "jdbc:postgresql://" + uri.getHost() + port + path + query;
    return new DatabaseLocation(Dialect.POSTGRESQL, url, user, password);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** {@code location} with any password in it replaced by stars. */
  static String redact(String location) {
    return location
        .replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@")
        .replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The location with no password in it, for messages. */
  @Override
  public String toString() {
    return dialect + " " + redact(jdbcUrl) + user.map(u -> " as " + u).orElse("");
  }
}
