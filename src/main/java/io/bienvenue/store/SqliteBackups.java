package io.bienvenue.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * Online backups of an SQLite database, and their restore. A backup is SQLite's {@code VACUUM
 * INTO}: one read transaction copies the database as it was when the copy began, while the service
 * goes on serving (WAL readers never wait for the writer), into a new file readable by its owner
 * only. Every copy is checked with {@code PRAGMA integrity_check} before it is called good. The
 * secrets key is not in the database, so not in the backup: it is kept apart, as the operating
 * guide says. Stateless.
 */
public final class SqliteBackups {

  /**
   * What a backup or a restore produced, once checked.
   *
   * @param file the database file written
   * @param bytes its size
   * @param schemaVersion the schema version it is at
   * @param users how many users it holds
   */
  public record Report(Path file, long bytes, String schemaVersion, long users) {}

  private SqliteBackups() {}

  /**
   * Copies the SQLite database at {@code location}, which must exist at the newest schema, into the
   * new file {@code target}, consistently and online, and checks the copy.
   *
   * @throws IllegalArgumentException if {@code location} is not an SQLite file
   * @throws IllegalStateException if there is no such database, {@code target} exists, or the copy
   *     fails or is not sound (the partial copy is then deleted)
   */
  public static Report backup(String location, Path target) {
    requireSqliteFile(location, "backup");
    Path file = target.toAbsolutePath();
    try (Database database = Database.openExisting(location, 1)) {
      createOwnerOnly(file);
      try {
        database.jdbi().useHandle(handle -> handle.execute("VACUUM INTO ?", file.toString()));
        return check(file);
      } catch (RuntimeException e) {
        deleteQuietly(file);
        throw e;
      }
    }
  }

  /**
   * Puts the backup {@code backup} in place of the SQLite database at {@code location}, after
   * checking it: written beside the target, then moved over it in one step, with the target's old
   * write-ahead log and shared-memory files removed (they belong to the database replaced). The
   * service must be stopped first, on every instance.
   *
   * @param replace whether an existing database at {@code location} may be replaced
   * @throws IllegalArgumentException if {@code location} is not an SQLite file
   * @throws IllegalStateException if the backup is missing or not sound, or a database is there and
   *     {@code replace} is false
   */
  public static Report restore(Path backup, String location, boolean replace) {
    Path target = requireSqliteFile(location, "restore");
    Report checked = check(backup.toAbsolutePath());
    if (Files.exists(target) && !replace) {
      throw new IllegalStateException(
          target + " exists: stop the service, then run restore again with --replace");
    }
    Path staged = target.resolveSibling(target.getFileName() + ".restoring");
    try {
      deleteQuietly(staged);
      createOwnerOnly(staged);
      // Into the file made owner-only, and to the disk, before it takes the database's place.
      try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        try (FileChannel in = FileChannel.open(backup, StandardOpenOption.READ)) {
          long size = in.size();
          for (long copied = 0; copied < size; ) {
            copied += in.transferTo(copied, size - copied, out);
          }
        }
        out.force(true);
      }
      for (String companion : new String[] {"-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + companion));
      }
      Files.move(
          staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(staged);
      throw new IllegalStateException("cannot restore into " + target + ": " + e.getMessage(), e);
    }
    return new Report(target, checked.bytes(), checked.schemaVersion(), checked.users());
  }

  /**
   * Opens {@code file} read-only and checks it: SQLite finds it sound, and it is a Bienvenue
   * database (its schema history and users are there).
   *
   * @throws IllegalStateException if it is missing, unreadable, unsound, or no Bienvenue database
   */
  public static Report check(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("there is no backup at " + file);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        Statement statement = connection.createStatement()) {
      String integrity = single(statement, "PRAGMA integrity_check");
      if (!"ok".equals(integrity)) {
        throw new IllegalStateException(file + " is damaged: " + integrity);
      }
      String version =
          single(
              statement,
              "SELECT version FROM flyway_schema_history WHERE success"
                  + " ORDER BY installed_rank DESC LIMIT 1");
      long users = Long.parseLong(single(statement, "SELECT count(*) FROM users"));
      return new Report(file, Files.size(file), version, users);
    } catch (SQLException e) {
      throw new IllegalStateException(
          file + " is not a Bienvenue database SQLite can read: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path requireSqliteFile(String location, String command) {
    Objects.requireNonNull(location, "location");
    if (Database.dialectOf(location) != Dialect.SQLITE) {
      throw new IllegalArgumentException(
          command
              + " is for SQLite files: on PostgreSQL use pg_dump and pg_restore, or the server's"
              + " point-in-time recovery (see docs/operating.md, Backups)");
    }
    return Database.fileOf(location)
        .map(Path::toAbsolutePath)
        .orElseThrow(
            () -> new IllegalArgumentException(command + " needs a database file, not memory"));
  }

  private static void createOwnerOnly(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(SqliteFiles.OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(file + " exists: a backup never overwrites a file", e);
    } catch (UnsupportedOperationException e) {
      try {
        Files.createFile(file);
      } catch (IOException again) {
        throw new IllegalStateException("cannot create " + file + ": " + again.getMessage(), e);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      if (!row.next()) {
        throw new SQLException("no answer to " + sql);
      }
      return row.getString(1);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing more to do: the message of the failure that led here matters more.
    }
  }
}
