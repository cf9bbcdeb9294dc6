package io.bienvenue.auth.password;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt strings that no password matches, one for each cost from the lowest to the configured one:
 * checking a password against one costs what checking a real user's password at that cost does.
 * With them {@link PasswordHasher} gives every verify the work of one at the configured cost
 * (Django's {@code harden_runtime}), for an unknown email, a malformed or capped hash, and a hash
 * stored at a lower cost alike. Immutable and thread-safe.
 */
final class DummyHashes {

  // byCost[c] is the dummy hash at cost c, for every c from MIN_COST to the configured cost.
  private final String[] byCost;
  private final int cost;

  /**
   * Makes the dummy hashes up to {@code cost}. They are one hash of a random password made at the
   * lowest cost, with its cost field raised: the start of the service pays no full-cost hash (half
   * a second at cost 12), and a check runs 2^cost rounds over the salt whose result never equals a
   * checksum made with 16 rounds (but for a 2^-184 chance).
   */
  DummyHashes(int cost, SecureRandom random) {
    this.cost = BcryptHashes.requireCost(cost, "bcrypt cost");
    String cheap = PasswordHasher.bcrypt(randomPassword(random), BcryptHashes.MIN_COST, random);
    this.byCost = new String[cost + 1];
    for (int c = BcryptHashes.MIN_COST; c <= cost; c++) {
      byCost[c] = BcryptHashes.withCost(cheap, c);
    }
  }

  /** The dummy hash at the configured cost. */
  String atCost() {
    return byCost[cost];
  }

  /**
   * After a check of {@code input} against a hash at {@code storedCost}, runs the checks that bring
   * its work up to one at the configured cost: costs storedCost to cost − 1, which add up to the
   * difference (2^s + 2^(s+1) + … + 2^(t−1) = 2^t − 2^s). Nothing is run for a hash at or above the
   * configured cost.
   */
  void harden(byte[] input, int storedCost) {
    for (int c = Math.max(storedCost, BcryptHashes.MIN_COST); c < cost; c++) {
      OpenBSDBCrypt.checkPassword(byCost[c], input);
    }
  }

  private static byte[] randomPassword(SecureRandom random) {
    byte[] password = new byte[32];
    random.nextBytes(password);
    for (int i = 0; i < password.length; i++) {
      password[i] = (byte) ('a' + Math.floorMod(password[i], 26));
    }
    return password;
  }
}
