package io.bienvenue.secrets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the secrets key comes from, as the operator said: a key file ({@code --secrets-key-file}),
 * the key itself ({@code BIENVENUE_SECRETS_KEY}), or neither, and then development generates a key
 * file beside the database while production refuses to start (see {@link SecretKeys#load}). {@link
 * #toString()} never shows the key. Immutable.
 *
 * @param file the key file, one key a line, the first sealing
 * @param key the key itself, base64url of 32 bytes
 */
public record KeySource(Optional<Path> file, Optional<String> key) {

  /** No key given. */
  public static final KeySource NONE = new KeySource(Optional.empty(), Optional.empty());

  /**
   * Checks that at most one of the two is given.
   *
   * @throws IllegalArgumentException if both are
   */
  public KeySource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    if (file.isPresent() && key.isPresent()) {
      throw new IllegalArgumentException(
          "give the secrets key one way: --secrets-key-file (BIENVENUE_SECRETS_KEY_FILE) or"
              + " BIENVENUE_SECRETS_KEY, not both");
    }
  }

  /** The keys in {@code path}. */
  public static KeySource ofFile(Path path) {
    return new KeySource(Optional.of(path), Optional.empty());
  }

  /** The key {@code key} itself, base64url of 32 bytes. */
  public static KeySource ofKey(String key) {
    return new KeySource(Optional.empty(), Optional.of(key));
  }

  /** Leaves the key out: it is the one secret that opens all the others. */
  @Override
  public String toString() {
    return key.isPresent()
        ? "KeySource[key hidden]"
        : file.map(f -> "KeySource[file=" + f + "]").orElse("KeySource[none]");
  }
}
