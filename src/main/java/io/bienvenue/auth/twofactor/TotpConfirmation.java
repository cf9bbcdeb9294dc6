package io.bienvenue.auth.twofactor;

import java.util.List;
import java.util.Objects;

/**
 * A second factor just turned on.
 *
 * @param recoveryCodes the new recovery codes, shown this once
 * @param otherSessionsEnded how many other sessions of the user were ended
 */
public record TotpConfirmation(List<String> recoveryCodes, int otherSessionsEnded) {

  /** Copies the codes. */
  public TotpConfirmation {
    recoveryCodes = List.copyOf(Objects.requireNonNull(recoveryCodes, "recoveryCodes"));
  }
}
