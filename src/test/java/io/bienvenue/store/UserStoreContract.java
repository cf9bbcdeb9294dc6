package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.user.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The original's tasks 0–3 (User model, add_user, find_user_by, update_user) on a real file. */
abstract class UserStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private TestDatabase backend;
  private final MutableClock clock = MutableClock.startingNow();
  private Database database;
  private UserStore users;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    users = new UserStore(database.jdbi(), clock);
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  @Test
  void addUserSavesAndReturnsTheUserWithItsId() {
    User first = users.addUser("test@test.com", "SuperHashedPwd");
    User second = users.addUser("test1@test.com", "SuperHashedPwd1");

    assertThat(first.id()).isPositive();
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(first.email()).isEqualTo("test@test.com");
    assertThat(first.hashedPassword()).isEqualTo("SuperHashedPwd");
    assertThat(first.resetToken()).isEmpty();
    assertThat(first.createdAt()).isEqualTo(clock.instant());
  }

  @Test
  void everyUserHasAPublicIdOfItsOwnThatIsNotItsRowIdAndNeverChanges() {
    User first = users.addUser("ada@example.org", "h1");
    User second = users.addUser("bob@example.org", "h2");

    users.updateUser(first.id(), Map.of("hashed_password", "h3", "email", "ADA@example.org"));

    assertThat(first.publicId()).matches("[0-9a-f]{32}").isNotEqualTo(Long.toString(first.id()));
    assertThat(second.publicId()).matches("[0-9a-f]{32}").isNotEqualTo(first.publicId());
    assertThat(users.findUserBy(Map.of("id", first.id())).publicId()).isEqualTo(first.publicId());
    assertThatThrownBy(() -> users.updateUser(first.id(), Map.of("public_id", "chosen")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public_id");
  }

  @Test
  void findUserByReturnsTheMatchingUser() {
    User added = users.addUser("test@test.com", "PwdHashed");

    assertThat(users.findUserBy(Map.of("email", "test@test.com"))).isEqualTo(added);
    assertThat(users.findUserBy(Map.of("id", added.id()))).isEqualTo(added);
    assertThat(users.findUserBy(Map.of("id", added.id(), "hashed_password", "PwdHashed")))
        .isEqualTo(added);
  }

  @Test
  void findUserByComparesEmailsCaseInsensitively() {
    User added = users.addUser("Guillaume@Holberton.io", "h");

    User found = users.findUserBy(Map.of("email", "guillaume@HOLBERTON.io"));

    assertThat(found).isEqualTo(added);
    assertThat(found.email()).isEqualTo("Guillaume@Holberton.io");
  }

  @Test
  void findUserByWithNoMatchThrowsNoResultFound() {
    users.addUser("test@test.com", "PwdHashed");

    assertThatThrownBy(() -> users.findUserBy(Map.of("email", "test2@test.com")))
        .isInstanceOf(NoResultFoundException.class);
    assertThatThrownBy(() -> users.findUserBy(Map.of("email", "test@test.com", "id", 999L)))
        .isInstanceOf(NoResultFoundException.class);
  }

  @Test
  void findByEmailFindsTheUserInAnyCaseAndIsEmptyForAnUnknownEmail() {
    User added = users.addUser("Guillaume@Holberton.io", "h");

    assertThat(users.findByEmail("guillaume@holberton.IO")).contains(added);
    assertThat(users.findByEmail("nobody@holberton.io")).isEmpty();
  }

  @Test
  void findUserByWithAnUnknownAttributeThrowsInvalidRequest() {
    users.addUser("test@test.com", "PwdHashed");

    assertThatThrownBy(() -> users.findUserBy(Map.of("no_email", "test@test.com")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no_email");
    assertThatThrownBy(() -> users.findUserBy(Map.of("email = email OR 1=1 --", "x")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> users.findUserBy(Map.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void findUserByWithAValueOfTheWrongTypeThrowsInvalidRequest() {
    assertThatThrownBy(() -> users.findUserBy(Map.of("id", "1")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void injectionTextInAValueIsOnlyData() {
    users.addUser("victim@test.com", "PwdHashed");

    assertThatThrownBy(() -> users.findUserBy(Map.of("email", "' OR '1'='1")))
        .isInstanceOf(NoResultFoundException.class);
    User odd = users.addUser("x'); DROP TABLE users; --@test.com", "h");
    assertThat(users.findUserBy(Map.of("id", odd.id())).email())
        .isEqualTo("x'); DROP TABLE users; --@test.com");
    assertThat(users.findUserBy(Map.of("email", "victim@test.com"))).isNotNull();
  }

  @Test
  void findUserByNullMatchesANullColumn() {
    User added = users.addUser("test@test.com", "h");
    Map<String, Object> filters = new HashMap<>();
    filters.put("reset_token", null);
    filters.put("email", "test@test.com");

    assertThat(users.findUserBy(filters)).isEqualTo(added);
  }

  @Test
  void updateUserChangesTheGivenAttributesAndCommits() {
    User added = users.addUser("test@test.com", "PwdHashed");
    Instant expiry = clock.instant().plusSeconds(60);

    users.updateUser(
        added.id(),
        Map.of(
            "hashed_password", "NewHash", "reset_token", "abc", "reset_token_expires_at", expiry));

    User updated = users.findUserBy(Map.of("id", added.id()));
    assertThat(updated.hashedPassword()).isEqualTo("NewHash");
    assertThat(updated.resetToken()).contains("abc");
    assertThat(updated.resetTokenExpiresAt()).contains(expiry);
    assertThat(updated.email()).isEqualTo("test@test.com");
  }

  @Test
  void updateUserCanClearANullableAttribute() {
    User added = users.addUser("test@test.com", "h");
    users.updateUser(added.id(), Map.of("reset_token", "abc"));
    Map<String, Object> clear = new HashMap<>();
    clear.put("reset_token", null);

    users.updateUser(added.id(), clear);

    assertThat(users.findUserBy(Map.of("id", added.id())).resetToken()).isEmpty();
  }

  @Test
  void updateUserWithAnUnknownAttributeThrowsAndWritesNothing() {
    User added = users.addUser("test@test.com", "PwdHashed");
    Map<String, Object> changes = new HashMap<>();
    changes.put("hashed_password", "NewHash");
    changes.put("session_id_typo", "x");

    assertThatThrownBy(() -> users.updateUser(added.id(), changes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session_id_typo");
    assertThat(users.findUserBy(Map.of("id", added.id())).hashedPassword()).isEqualTo("PwdHashed");
  }

  @Test
  void updateUserRefusesTheIdAndWrongTypes() {
    User added = users.addUser("test@test.com", "PwdHashed");

    assertThatThrownBy(() -> users.updateUser(added.id(), Map.of("id", 42L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> users.updateUser(added.id(), Map.of("hashed_password", 42)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> users.updateUser(added.id(), Map.of("email", Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updateUserOfAMissingUserThrowsNoResultFound() {
    assertThatThrownBy(() -> users.updateUser(12345, Map.of("hashed_password", "x")))
        .isInstanceOf(NoResultFoundException.class);
    assertThatThrownBy(() -> users.updateUser(12345, Map.of()))
        .isInstanceOf(NoResultFoundException.class);
  }

  @Test
  void theDatabaseRefusesASecondUserWithTheSameEmailInAnyCase() {
    users.addUser("bob@example.org", "h1");

    assertThatThrownBy(() -> users.addUser("BOB@Example.ORG", "h2"))
        .isInstanceOf(DuplicateEmailException.class);
    User other = users.addUser("other@example.org", "h3");
    assertThatThrownBy(() -> users.updateUser(other.id(), Map.of("email", "Bob@example.org")))
        .isInstanceOf(DuplicateEmailException.class);
    assertThat(users.findUserBy(Map.of("id", other.id())).email()).isEqualTo("other@example.org");
  }

  @Test
  void updatingTheEmailMovesItsCaseInsensitiveKey() {
    User added = users.addUser("old@example.org", "h");

    users.updateUser(added.id(), Map.of("email", "New@Example.org"));

    assertThat(users.findUserBy(Map.of("email", "new@example.org")).id()).isEqualTo(added.id());
    assertThatThrownBy(() -> users.findUserBy(Map.of("email", "old@example.org")))
        .isInstanceOf(NoResultFoundException.class);
  }

  @Test
  void updateUserIfWritesOnlyWhenTheExpectedValuesStillHold() {
    User added = users.addUser("test@test.com", "h");
    users.updateUser(added.id(), Map.of("reset_token", "t1"));

    boolean stale =
        users.updateUserIf(added.id(), Map.of("reset_token", "t0"), Map.of("hashed_password", "x"));
    boolean current =
        users.updateUserIf(added.id(), Map.of("reset_token", "t1"), Map.of("hashed_password", "y"));

    assertThat(stale).isFalse();
    assertThat(current).isTrue();
    assertThat(users.findUserBy(Map.of("id", added.id())).hashedPassword()).isEqualTo("y");
  }

  @Test
  void theUserStoresToStringKeepsSecretsOut() {
    User added = users.addUser("test@test.com", "$2b$12$secrethash");

    assertThat(added.toString()).contains("test@test.com").doesNotContain("secrethash");
  }

  @Test
  void aUserAddedCountsAsVerifiedUnlessAddedUnverified() {
    User added = users.addUser("added@example.org", "h");
    User unverified = users.addUser("new@example.org", "h", false);

    assertThat(added.emailVerifiedAt()).contains(clock.instant());
    assertThat(unverified.emailVerifiedAt()).isEmpty();
    assertThat(unverified.emailVerified()).isFalse();
    assertThat(unverified.verificationToken()).isEmpty();
  }

  @Test
  void theVerificationAttributesAreUpdatableFindableAndCompareAndSet() {
    User user = users.addUser("new@example.org", "h", false);
    Instant expiry = clock.instant().plusSeconds(60);
    users.updateUser(
        user.id(), Map.of("verification_token", "hash1", "verification_token_expires_at", expiry));
    Map<String, Object> verified = new HashMap<>();
    verified.put("email_verified_at", clock.instant());
    verified.put("verification_token", null);
    verified.put("verification_token_expires_at", null);

    boolean stale = users.updateUserIf(user.id(), Map.of("verification_token", "hash0"), verified);
    User pending = users.findUserBy(Map.of("verification_token", "hash1"));
    boolean used = users.updateUserIf(user.id(), Map.of("verification_token", "hash1"), verified);
    boolean again = users.updateUserIf(user.id(), Map.of("verification_token", "hash1"), verified);

    assertThat(stale).isFalse();
    assertThat(pending.verificationTokenExpiresAt()).contains(expiry);
    assertThat(used).isTrue();
    assertThat(again).isFalse();
    User after = users.findUserBy(Map.of("id", user.id()));
    assertThat(after.emailVerifiedAt()).contains(clock.instant());
    assertThat(after.verificationToken()).isEmpty();
    assertThat(after.verificationTokenExpiresAt()).isEmpty();
  }

  @Test
  void aDeletedUsersIdIsNeverGivenAgain() {
    users.addUser("alice@example.org", "h");
    users.addUser("bob@example.org", "h");
    User carol = users.addUser("carol@example.org", "h");

    assertThat(users.deleteUser(carol.id())).isTrue();
    User dave = users.addUser("dave@example.org", "h");

    assertThat(dave.id()).as("carol's id stays hers").isGreaterThan(carol.id());
  }

  @Test
  void usersThatExistWhenVersionSevenRunsCountAsVerifiedSinceTheyRegistered() {
    TestDatabase older = newDatabase();
    try {
      DatabaseLocation where = DatabaseLocation.parse(older.location());
      Flyway flyway =
          Flyway.configure()
              .dataSource(where.jdbcUrl(), where.user().orElse(null), where.password().orElse(null))
              .locations(where.dialect().migrations())
              .target("6")
              .load();
      flyway.migrate();
      try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO users (email, email_key, hashed_password, created_at)"
                + " VALUES ('old@example.org', 'old@example.org', 'h', 1000)");
      }
      try (Database migrated = Database.open(older.location(), 2)) {
        User old = new UserStore(migrated.jdbi(), clock).findUserBy(Map.of("id", 1L));

        assertThat(old.emailVerifiedAt()).contains(Instant.ofEpochMilli(1000));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      older.close();
    }
  }
}
