package io.bienvenue.importing;

import java.util.Objects;

/**
 * A row an import left out, and why. The reason never quotes a hash.
 *
 * @param where where in the source the row is: {@code line 7}, {@code id 12}
 * @param reason why it was skipped: {@code duplicate email (already registered)}
 */
record ImportSkip(String where, String reason) implements ImportEntry {

  ImportSkip {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(reason, "reason");
  }

  /** The report line: {@code line 7: malformed bcrypt hash}. */
  @Override
  public String toString() {
    return where + ": " + reason;
  }
}
