package io.bienvenue.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of this process's own for sqlite-jdbc's copy of its native library, when the launcher
 * has not extracted it ({@code java -jar bienvenue.jar serve}). sqlite-jdbc copies the library (1.1
 * MB) and a {@code .lck} file into {@code org.sqlite.tmpdir} at every start and deletes them at
 * exit, but a service stopped by SIGTERM ends with {@code Runtime.halt}, which skips that and would
 * leave both in {@code /tmp} at each stop. The folder is made inside the directory sqlite-jdbc
 * would have used, and {@link #delete} empties and removes it just before the halt (a loaded
 * library may be unlinked). A process killed by SIGKILL still leaves its folder behind.
 */
final class SqliteNativeCopies {

  private static final String LIBRARY_PATH = "org.sqlite.lib.path";
  private static final String TEMPORARY_DIRECTORY = "org.sqlite.tmpdir";

  private SqliteNativeCopies() {}

  /**
   * Points sqlite-jdbc at a new private folder and returns it; empty if the library is loaded from
   * a fixed path ({@code org.sqlite.lib.path}, as the launcher sets) or the folder cannot be made,
   * in which case sqlite-jdbc copies as it always did. Call it before sqlite-jdbc is first used.
   */
  static Optional<Path> claim() {
    if (System.getProperty(LIBRARY_PATH) != null) {
      return Optional.empty();
    }
    Path base =
        Path.of(System.getProperty(TEMPORARY_DIRECTORY, System.getProperty("java.io.tmpdir")));
    try {
      Path folder = Files.createTempDirectory(base, "bienvenue-sqlite-");
      // Registered before sqlite-jdbc registers its files: deleted after them at a normal exit.
      folder.toFile().deleteOnExit();
      System.setProperty(TEMPORARY_DIRECTORY, folder.toString());
      return Optional.of(folder);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Deletes {@code folder} and the files in it, as far as it can; never throws. */
  static void delete(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.toList();
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException | RuntimeException e) {
      // Best effort at shutdown: what is left is what this class exists to avoid, not an error.
    }
  }
}
