package io.bienvenue.auth;

import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.UnopenableSecretException;
import io.bienvenue.store.Stores;
import io.bienvenue.store.TotpStore;
import io.bienvenue.store.Transactor;
import java.util.Map;
import java.util.Objects;

/**
 * The TOTP secrets at rest: each sealed by {@link SecretBox} for the context {@code totp:<user row
 * id>}, so a sealed secret copied to another user's row does not open. {@link #sealStored} is the
 * pass at start that seals the secrets an earlier version stored in clear. Thread-safe.
 */
public final class TotpSecrets {

  private final TotpStore store;
  private final Transactor transactor;
  private final SecretBox box;

  /** The TOTP secrets of {@code stores}, sealed and opened by {@code box}. */
  public TotpSecrets(Stores stores, SecretBox box) {
    this.store = stores.totp();
    this.transactor = stores.transactor();
    this.box = Objects.requireNonNull(box, "box");
  }

  /** Seals {@code secret}, the Base32 secret of {@code userId}, for its row. */
  String seal(long userId, String secret) {
    return box.seal(secret, context(userId));
  }

  /**
   * Opens {@code stored}, the sealed secret of {@code userId}.
   *
   * @throws UnopenableSecretException if it does not open (the wrong key, or an altered value)
   */
  String open(long userId, String stored) {
    return box.open(stored, context(userId));
  }

  /**
   * Brings every stored secret to the newest key, in one transaction: a secret in clear (as earlier
   * versions stored them) is sealed, and one sealed with an older key of the key file is opened and
   * sealed again with the first; one whose key is in no line of the key file stops the start before
   * the service takes a request. A secret already sealed with the newest key is left as it is,
   * without decrypting it. Run at start, after the migrations; running it again changes nothing.
   *
   * @return how many secrets were sealed, or sealed again
   * @throws IllegalStateException naming the user row and the cause if a sealed secret does not
   *     open (the wrong key file, or a removed older key); then nothing is changed
   */
  public int sealStored() {
    return transactor.inTransaction(
        () -> {
          int sealed = 0;
          for (Map.Entry<Long, String> row : store.secrets().entrySet()) {
            long userId = row.getKey();
            String stored = row.getValue();
            if (box.isSealedWithTheNewestKey(stored)) {
              // The kid is the key's fingerprint: this row opens with the key that seals now. It
              // is not decrypted here, so a start costs no work per enrolled user.
              continue;
            }
            String plain = SecretBox.isSealed(stored) ? openAtStart(userId, stored) : stored;
            if (store.replaceSecret(userId, stored, seal(userId, plain))) {
              sealed++;
            }
          }
          return sealed;
        });
  }

  private String openAtStart(long userId, String stored) {
    try {
      return open(userId, stored);
    } catch (UnopenableSecretException e) {
      throw new IllegalStateException(
          "the TOTP secret of user row "
              + userId
              + " does not open: "
              + e.getMessage()
              + "; start with the key file that sealed it",
          e);
    }
  }

  private static String context(long userId) {
    return "totp:" + userId;
  }
}
