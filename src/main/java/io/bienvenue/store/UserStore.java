package io.bienvenue.store;

import io.bienvenue.user.Email;
import io.bienvenue.user.User;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The user store: the original's {@code db.py} {@code DB} class, over the {@code users} table.
 *
 * <p>Attribute names are those of the user model ({@code id}, {@code email}, {@code
 * hashed_password}, {@code reset_token}, {@code reset_token_expires_at}, {@code created_at}, {@code
 * disabled_at}, {@code email_verified_at}, {@code verification_token}, {@code
 * verification_token_expires_at}); they are checked against the model before any SQL is built, and
 * every value is a bound parameter. Emails are compared case-insensitively, on the key {@link
 * Email#fold} gives. Thread-safe: each call takes a pooled connection, or joins the transaction
 * open on the calling thread.
 */
public final class UserStore {

  private static final int PUBLIC_ID_BYTES = 16;

  private final Jdbi jdbi;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Creates a store over {@code jdbi}, stamping new users with {@code clock}'s time. */
  public UserStore(Jdbi jdbi, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Saves a new user, whose email counts as verified from now on (an operator's or an import's, or
   * any user when verification is not required), and returns it with its id.
   *
   * @throws DuplicateEmailException if the case-folded email is already taken: the database's
   *     unique index decides, so of two racing registrations exactly one succeeds
   */
  public User addUser(String email, String hashedPassword) {
    return addUser(email, hashedPassword, true);
  }

  /**
   * Saves a new user and returns it with its id; its email counts as verified from now on if {@code
   * verified}, and is unverified otherwise, until the user proves it is theirs.
   *
   * @throws DuplicateEmailException as {@link #addUser(String, String)}
   */
  public User addUser(String email, String hashedPassword, boolean verified) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(hashedPassword, "hashedPassword");
    long now = clock.instant().toEpochMilli();
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createQuery(
                      """
                      INSERT INTO users
                        (public_id, email, email_key, hashed_password, created_at,
                         email_verified_at)
                      VALUES (?, ?, ?, ?, ?, ?)
                      RETURNING *
                      """)
                  .bind(0, newPublicId())
                  .bind(1, email)
                  .bind(2, Email.fold(email))
                  .bind(3, hashedPassword)
                  .bind(4, now)
                  .bind(5, verified ? Long.valueOf(now) : null)
                  .map(UserStore::mapUser)
                  .one());
    } catch (RuntimeException e) {
      throw StoreFailures.isUniqueViolation(e) ? new DuplicateEmailException(e) : e;
    }
  }

  /**
   * Returns the first user (lowest id) matching every filter; a null value matches a null column.
   *
   * @throws InvalidRequestException if there is no filter, or one names an attribute the model does
   *     not have or gives it a value of the wrong type
   * @throws NoResultFoundException if no user matches
   */
  public User findUserBy(Map<String, ?> filters) {
    return findFirst(filters)
        .orElseThrow(() -> new NoResultFoundException("no user matches " + filters.keySet()));
  }

  /** Returns the user with {@code email}, compared case-insensitively; empty if there is none. */
  public Optional<User> findByEmail(String email) {
    return findFirst(Map.of("email", Objects.requireNonNull(email, "email")));
  }

  /** Returns the user with row id {@code id}, if there is one. */
  public Optional<User> findById(long id) {
    return findFirst(Map.of("id", id));
  }

  /** Returns the user whose public id ({@code sub} to other systems) is {@code publicId}. */
  public Optional<User> findByPublicId(String publicId) {
    return findFirst(Map.of("public_id", Objects.requireNonNull(publicId, "publicId")));
  }

  private Optional<User> findFirst(Map<String, ?> filters) {
    Objects.requireNonNull(filters, "filters");
    if (filters.isEmpty()) {
      throw new InvalidRequestException("find_user_by needs at least one filter");
    }
    SqlWhere where = SqlWhere.of(filters);
    return jdbi.withHandle(
        handle ->
            where
                .bindTo(
                    handle.createQuery(
                        "SELECT * FROM users WHERE " + where.sql() + " ORDER BY id LIMIT 1"),
                    0)
                .map(UserStore::mapUser)
                .findOne());
  }

  /**
   * Sets the given attributes of user {@code userId} and commits.
   *
   * @throws IllegalArgumentException if an attribute is not one of the model's updatable ones, or
   *     its value has the wrong type; nothing is written then
   * @throws NoResultFoundException if there is no such user
   * @throws DuplicateEmailException if a new email is already taken
   */
  public void updateUser(long userId, Map<String, ?> attributes) {
    if (!updateUserIf(userId, Map.of(), attributes)) {
      throw new NoResultFoundException("no user with id " + userId);
    }
  }

  /**
   * Sets the given attributes of user {@code userId} only if its current values match {@code
   * expected}, in one statement: a compare-and-set that a concurrent writer cannot slip between.
   *
   * @return whether the user existed and matched, and so was updated
   * @throws IllegalArgumentException as {@link #updateUser}
   * @throws InvalidRequestException if {@code expected} is malformed, as for {@link #findUserBy}
   */
  public boolean updateUserIf(long userId, Map<String, ?> expected, Map<String, ?> attributes) {
    Objects.requireNonNull(expected, "expected");
    Map<UserColumn, Object> changes = checkedChanges(attributes);
    Map<String, Object> conditions = new LinkedHashMap<>(expected);
    conditions.put(UserColumn.ID.attribute(), userId);
    SqlWhere where = SqlWhere.of(conditions);
    if (changes.isEmpty()) {
      return jdbi.withHandle(
          handle ->
              where
                  .bindTo(handle.createQuery("SELECT id FROM users WHERE " + where.sql()), 0)
                  .mapTo(Long.class)
                  .findOne()
                  .isPresent());
    }
    StringBuilder set = new StringBuilder();
    changes
        .keySet()
        .forEach(c -> set.append(set.isEmpty() ? "" : ", ").append(c.attribute()).append(" = ?"));
    if (changes.containsKey(UserColumn.EMAIL)) {
      set.append(", email_key = ?");
    }
    String sql = "UPDATE users SET " + set + " WHERE " + where.sql();
    try {
      return jdbi.withHandle(
              handle -> {
                var update = handle.createUpdate(sql);
                int position = 0;
                for (var change : changes.entrySet()) {
                  SqlWhere.bind(update, position++, change.getKey(), change.getValue());
                }
                if (changes.containsKey(UserColumn.EMAIL)) {
                  update.bind(position++, Email.fold((String) changes.get(UserColumn.EMAIL)));
                }
                return where.bindTo(update, position).execute();
              })
          == 1;
    } catch (RuntimeException e) {
      throw StoreFailures.isUniqueViolation(e) ? new DuplicateEmailException(e) : e;
    }
  }

  private static Map<UserColumn, Object> checkedChanges(Map<String, ?> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    Map<UserColumn, Object> changes = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) -> {
          UserColumn column =
              UserColumn.named(name)
                  .filter(UserColumn::updatable)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException("user has no updatable attribute " + name));
          if (!column.accepts(value)) {
            throw new IllegalArgumentException("wrong value type for user attribute " + name);
          }
          changes.put(column, value);
        });
    return changes;
  }

  /**
   * Returns one page of users in id order, those whose email contains {@code search} (compared
   * case-insensitively; empty matches all).
   *
   * @param search text the email must contain
   * @param offset how many matching users to skip
   * @param limit the most users to return, 1 to 1000
   */
  public List<User> listUsers(String search, long offset, int limit) {
    Objects.requireNonNull(search, "search");
    if (limit < 1 || limit > 1000 || offset < 0) {
      throw new IllegalArgumentException("a page is 1 to 1000 users from a non-negative offset");
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM users WHERE email_key LIKE ? ESCAPE '!'"
                        + " ORDER BY id LIMIT ? OFFSET ?")
                .bind(0, "%" + likeEscaped(Email.fold(search)) + "%")
                .bind(1, limit)
                .bind(2, offset)
                .map(UserStore::mapUser)
                .list());
  }

  /** Counts the users whose email contains {@code search}, compared case-insensitively. */
  public long countUsers(String search) {
    Objects.requireNonNull(search, "search");
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT count(*) FROM users WHERE email_key LIKE ? ESCAPE '!'")
                .bind(0, "%" + likeEscaped(Email.fold(search)) + "%")
                .mapTo(Long.class)
                .one());
  }

  /**
   * Deletes user {@code userId}, and with it (by cascade) every session of theirs.
   *
   * @return whether there was such a user
   */
  public boolean deleteUser(long userId) {
    return jdbi.withHandle(
            handle ->
                handle.createUpdate("DELETE FROM users WHERE id = ?").bind(0, userId).execute())
        > 0;
  }

  /** 128 random bits, hex: as the migration gave the users registered before it. */
  private String newPublicId() {
    byte[] bits = new byte[PUBLIC_ID_BYTES];
    random.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }

  private static String likeEscaped(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  static User mapUser(ResultSet row, StatementContext context) throws SQLException {
    return new User(
        row.getLong("id"),
        row.getString("public_id"),
        row.getString("email"),
        row.getString("hashed_password"),
        Optional.ofNullable(row.getString("reset_token")),
        Columns.optionalInstant(row, "reset_token_expires_at"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Columns.optionalInstant(row, "disabled_at"),
        Columns.optionalInstant(row, "email_verified_at"),
        Optional.ofNullable(row.getString("verification_token")),
        Columns.optionalInstant(row, "verification_token_expires_at"));
  }
}
