package io.bienvenue.testing;

import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import java.time.Clock;

/** Admin API keys made and removed the way {@code admin-key add} and {@code remove} do. */
public final class AdminKeyFixture {

  private AdminKeyFixture() {}

  /** Makes a key named {@code name} in the database at {@code location}, and returns it. */
  public static String add(String location, String name) {
    try (Administration admin = open(location)) {
      return admin.adminKeys().add(name).secret();
    }
  }

  /** Removes the key named {@code name} from the database at {@code location}. */
  public static void remove(String location, String name) {
    try (Administration admin = open(location)) {
      if (!admin.adminKeys().remove(name)) {
        throw new IllegalStateException("no admin key " + name);
      }
    }
  }

  /** The header list of a request with {@code key}. */
  public static String[] bearer(String key) {
    return new String[] {"Authorization", "Bearer " + key};
  }

  private static Administration open(String location) {
    return Administration.open(location, 4, PasswordPolicy.development(), Clock.systemUTC());
  }
}
