package io.bienvenue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The schema the migrations build: its latest version, read from the migration files. */
public final class Schema {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration/sqlite");
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  private Schema() {}

  /** The highest version among the SQLite migrations, which the PostgreSQL ones match. */
  public static int latestVersion() {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files
          .map(file -> VERSION.matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .max()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
