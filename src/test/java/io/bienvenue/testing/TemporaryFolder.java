package io.bienvenue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fixture's folder: made when first asked for, removed with all it holds by {@link #delete}. */
final class TemporaryFolder {

  private final String prefix;
  private Path path;

  TemporaryFolder(String prefix) {
    this.prefix = prefix;
  }

  /** The folder, made now if it does not exist yet. */
  Path create() {
    if (path == null) {
      try {
        path = Files.createTempDirectory(prefix);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return path;
  }

  /** Removes the folder and its files; the next {@link #create} makes a new one. */
  void delete() {
    if (path == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      path = null;
    }
  }
}
