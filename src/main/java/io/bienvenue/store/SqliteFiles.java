package io.bienvenue.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an SQLite database's files (the database, its {@code -wal}, {@code -shm} and {@code
 * -journal}) readable by their owner only, whatever the umask: they hold every password hash and
 * TOTP secret. The database file is created {@code 0600} before SQLite opens it, and SQLite gives
 * the files it adds beside it the main file's permissions (on Unix); files left by an earlier,
 * looser run are narrowed to {@code 0600}. Stateless.
 */
final class SqliteFiles {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteFiles.class);

  /** Readable and writable by the owner alone: every file of a database, and its backups. */
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private static final String[] COMPANIONS = {"", "-wal", "-shm", "-journal"};

  private SqliteFiles() {}

  /**
   * Makes sure the file behind {@code jdbcUrl} exists and is {@code 0600}, with any companion file
   * beside it. An in-memory database has no file; a file system without POSIX permissions (FAT, a
   * Windows share) is told in a warning, and the database opens all the same.
   */
  static void protect(String jdbcUrl) {
    Optional<Path> file = fileOf(jdbcUrl);
    if (file.isEmpty()) {
      return;
    }
    Path database = file.get().toAbsolutePath();
    Path folder = database.getParent();
    if (folder == null
        || Files.getFileAttributeView(folder, PosixFileAttributeView.class) == null) {
      LOG.warn(
          "the file system of {} has no POSIX permissions: the database files cannot be made"
              + " readable by their owner only; keep them in a folder no one else can read",
          database);
      return;
    }
    try {
      Files.createFile(database, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // An existing database: narrowed below.
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("cannot create {} readable by its owner only: {}", database, e.toString());
      return;
    }
    for (String suffix : COMPANIONS) {
      narrow(database.resolveSibling(database.getFileName() + suffix));
    }
  }

  private static void narrow(Path path) {
    try {
      if (Files.exists(path) && !Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(path, OWNER_ONLY);
        LOG.warn("{} was readable by others: it is now readable by its owner only (0600)", path);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("cannot make {} readable by its owner only: {}", path, e.toString());
    }
  }

  /** The file a {@code jdbc:sqlite:} URL names, if any: none for an in-memory database. */
  static Optional<Path> fileOf(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    if (rest.startsWith("file:")) {
      if (rest.contains("mode=memory")) {
        return Optional.empty();
      }
      rest = rest.substring("file:".length());
      int query = rest.indexOf('?');
      rest = query < 0 ? rest : rest.substring(0, query);
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(rest));
  }
}
