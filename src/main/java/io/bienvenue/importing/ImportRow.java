package io.bienvenue.importing;

import java.util.Objects;

/**
 * A user an import source offers, not yet checked. {@link #toString()} leaves out the hash.
 *
 * @param where where in the source the row is, for the report
 * @param email the email as the source has it
 * @param hashedPassword the bcrypt hash as the source has it
 */
record ImportRow(String where, String email, String hashedPassword) implements ImportEntry {

  ImportRow {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(hashedPassword, "hashedPassword");
  }

  @Override
  public String toString() {
    return "ImportRow[" + where + ", email=" + email + "]";
  }
}
