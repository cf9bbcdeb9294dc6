package io.bienvenue.importing;

import java.util.Objects;

/**
 * One row of the Flask original's {@code users} table, as far as an import needs it. Values are as
 * stored and unchecked: a NULL reads as an empty string. {@link #toString()} leaves out the hash.
 * Immutable.
 *
 * @param id the row's {@code id} (its {@code rowid} if the table has no {@code id} column)
 * @param email the email as stored
 * @param hashedPassword the bcrypt hash, decoded from bytes if it was stored as a BLOB
 */
record OriginalUser(long id, String email, String hashedPassword) {

  OriginalUser {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(hashedPassword, "hashedPassword");
  }

  /** Returns the id and email only: the hash is a secret and stays out of logs. */
  @Override
  public String toString() {
    return "OriginalUser[id=" + id + ", email=" + email + "]";
  }
}
