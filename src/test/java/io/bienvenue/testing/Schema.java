package io.bienvenue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The schema the migrations build: its latest version, read from the migration files. */
public final class Schema {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration/sqlite");
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  private Schema() {}

  /** The highest version among the SQLite migrations, which the PostgreSQL ones match. */
  public static int latestVersion() {
    return versions().max().orElseThrow();
  }

  /**
   * How many migrations build the schema: a new database applies this many. Not always {@link
   * #latestVersion}: versions are reserved ahead by parallel branches and may leave gaps.
   */
  public static int migrationCount() {
    return (int) versions().count();
  }

  private static IntStream versions() {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      int[] versions =
          files
              .map(file -> VERSION.matcher(file.getFileName().toString()))
              .filter(Matcher::matches)
              .mapToInt(m -> Integer.parseInt(m.group(1)))
              .toArray();
      return IntStream.of(versions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
