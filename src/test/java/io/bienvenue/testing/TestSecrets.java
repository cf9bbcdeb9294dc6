package io.bienvenue.testing;

import io.bienvenue.secrets.KeySource;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.SecretKeys;

/**
 * The secrets key of the tests' services: one fixed key, so that a service restarted on the same
 * database opens what it sealed before, and no test writes a key file unless it means to.
 */
public final class TestSecrets {

  /** The key, base64url of 32 bytes, as BIENVENUE_SECRETS_KEY holds one. */
  public static final String KEY = "F_7FNTVBPS61do7URF60pzkddzgZRy1fKWfF3qPlJZY";

  /** The key as a configuration names it. */
  public static final KeySource SOURCE = KeySource.ofKey(KEY);

  private TestSecrets() {}

  /** A box that seals and opens with {@link #KEY}. */
  public static SecretBox box() {
    return new SecretBox(SecretKeys.parse(KEY, "the tests' key"));
  }
}
