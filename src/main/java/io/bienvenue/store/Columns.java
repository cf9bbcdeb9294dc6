package io.bienvenue.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How the stores read and check the values of their columns. */
final class Columns {

  private Columns() {}

  /** The time in epoch milliseconds that {@code column} of {@code row} holds, empty for NULL. */
  static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /**
   * Checks that {@code value}, the parameter {@code name}, is neither null nor blank.
   *
   * @throws IllegalArgumentException if it is blank
   */
  static void requireNotBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
