package io.bienvenue.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key files on disk: read only if they are their owner's alone, and made {@code 0600} with one new
 * key in development. Stateless.
 */
final class KeyFiles {

  private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private KeyFiles() {}

  /**
   * Reads the keys of {@code file}, one a line; blank lines and lines starting with {@code #} are
   * skipped.
   *
   * @throws IllegalStateException in one line, if the file cannot be read, is readable by group or
   *     others, or holds a line that is not a key, or no key
   */
  static SecretKeys read(Path file) {
    Objects.requireNonNull(file, "file");
    requireOwnerOnly(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the secrets key file " + file + ": " + e, e);
    }
    return SecretKeys.parse(text, "the secrets key file " + file);
  }

  /**
   * Creates {@code file}, readable and writable by its owner only, with one new key, and says so in
   * the log. The key is written to a file of its own first and then linked to {@code file}, which
   * fails if it exists: of instances starting at once on one database, one key wins, and the others
   * read it, never a half-written file.
   *
   * @throws IllegalStateException if the file cannot be created
   */
  static SecretKeys generate(Path file, SecureRandom random) {
    byte[] key = SecretKeys.newKey(random);
    String line = Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n";
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    boolean posix = Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null;
    Path written = null;
    try {
      written =
          posix
              ? Files.createTempFile(
                  folder, ".secrets-", ".key", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(folder, ".secrets-", ".key");
      Files.writeString(written, line, StandardCharsets.US_ASCII);
      try {
        Files.createLink(absolute, written);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        // A file system without hard links: a plain move, which still refuses to replace a file.
        Files.move(written, absolute);
      }
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the secrets key file " + absolute + ": " + e, e);
    } finally {
      deleteQuietly(written);
    }
    if (!posix) {
      LOG.warn(
          "the file system of {} has no POSIX permissions: keep it in a folder no one else can"
              + " read",
          absolute);
    }
    LOG.warn(
        "generated the secrets key file {} (mode 0600): the TOTP secrets and signing keys in the"
            + " database open only with it, so keep it with the database's backups, stored apart"
            + " from them",
        absolute);
    return new SecretKeys(List.of(key));
  }

  private static void deleteQuietly(Path written) {
    if (written == null) {
      return;
    }
    try {
      Files.deleteIfExists(written);
    } catch (IOException e) {
      LOG.warn("cannot delete {}, a copy of the secrets key file: {}", written, e.toString());
    }
  }

  private static void requireOwnerOnly(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException("the secrets key file " + file + " does not exist");
    }
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      LOG.warn(
          "the file system of {} has no POSIX permissions: keep it in a folder no one else can"
              + " read",
          file);
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = view.readAttributes().permissions();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the permissions of " + file, e);
    }
    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      throw new IllegalStateException(
          "the secrets key file "
              + file
              + " is open to its group or others ("
              + PosixFilePermissions.toString(permissions)
              + "): it must be its owner's alone, chmod 600 "
              + file);
    }
  }
}
