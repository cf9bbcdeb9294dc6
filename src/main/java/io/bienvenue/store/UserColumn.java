package io.bienvenue.store;

import io.bienvenue.user.Email;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The attributes of the user model, by the names the original's {@code User} gives them. Every
 * column name in SQL built by {@link UserStore} comes from here, never from a caller's text.
 */
enum UserColumn {
  ID("id", Long.class, false),
  PUBLIC_ID("public_id", String.class, false),
  EMAIL("email", String.class, true),
  HASHED_PASSWORD("hashed_password", String.class, true),
  RESET_TOKEN("reset_token", String.class, true),
  RESET_TOKEN_EXPIRES_AT("reset_token_expires_at", Instant.class, true),
  CREATED_AT("created_at", Instant.class, false),
  DISABLED_AT("disabled_at", Instant.class, true),
  EMAIL_VERIFIED_AT("email_verified_at", Instant.class, true),
  VERIFICATION_TOKEN("verification_token", String.class, true),
  VERIFICATION_TOKEN_EXPIRES_AT("verification_token_expires_at", Instant.class, true);

  private final String attribute;
  private final Class<?> type;
  private final boolean updatable;

  UserColumn(String attribute, Class<?> type, boolean updatable) {
    this.attribute = attribute;
    this.type = type;
    this.updatable = updatable;
  }

  /** The JDBC type of the stored value, for binding a null. */
  int sqlType() {
    return type == String.class ? Types.VARCHAR : Types.BIGINT;
  }

  static Optional<UserColumn> named(String attribute) {
    return Arrays.stream(values()).filter(c -> c.attribute.equals(attribute)).findFirst();
  }

  String attribute() {
    return attribute;
  }

  boolean updatable() {
    return updatable;
  }

  boolean nullable() {
    return this != ID
        && this != PUBLIC_ID
        && this != EMAIL
        && this != HASHED_PASSWORD
        && this != CREATED_AT;
  }

  /** The column compared by a filter: emails are matched on their case-folded key. */
  String filterColumn() {
    return this == EMAIL ? "email_key" : attribute;
  }

  /** Tells whether {@code value} fits this attribute's type (null only where the column allows). */
  boolean accepts(Object value) {
    if (value == null) {
      return nullable();
    }
    if (type == Long.class) {
      return value instanceof Long || value instanceof Integer;
    }
    return type.isInstance(value);
  }

  /** Converts an accepted value to what is stored: instants as epoch milliseconds. */
  Object toDatabase(Object value) {
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Integer number) {
      return number.longValue();
    }
    return value;
  }

  /** The value a filter compares: the folded key for an email. */
  Object toFilterValue(Object value) {
    return this == EMAIL ? Email.fold((String) value) : toDatabase(value);
  }
}
