package io.bienvenue.auth;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.Bienvenue;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TOTP secrets at rest, read back with plain JDBC: sealed by the enrolment, and sealed at start
 * when an earlier version left them in clear, on every engine.
 */
abstract class TotpSecretsAtRestContract {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "pwd";

  /** A secret as earlier versions stored it: Base32, 160 bits. */
  private static final String IN_CLEAR = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private final MutableClock clock = MutableClock.startingNow();
  private TestDatabase backend;
  private Bienvenue service;
  private ApiClient api;

  @BeforeEach
  void createDatabase() {
    backend = newDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (service != null) {
      service.close();
    }
    backend.close();
  }

  @Test
  void anEnrolmentStoresTheSecretSealedNeverInClear() throws SQLException {
    start(TestSecrets.SOURCE);
    long user = register();
    String token = login(null).sessionId();

    Reply enrolment = api.postForm("/profile/totp", Map.of("password", PASSWORD), session(token));
    assertThat(enrolment.status()).isEqualTo(200);
    String secret = enrolment.json().path("secret").asText();
    assertThat(secret).matches("[A-Z2-7]{32}");

    String stored = storedSecret(user);
    assertThat(stored).doesNotContain(secret).doesNotMatch("[A-Z2-7]+");
    assertThat(SecretBox.isSealed(stored)).isTrue();
    assertThat(TestSecrets.box().open(stored, "totp:" + user)).isEqualTo(secret);

    Map<String, String> code = Map.of("code", Authenticator.code(secret, clock.instant()));
    assertThat(api.sendForm("PUT", "/profile/totp", code, session(token)).status()).isEqualTo(200);
    assertThat(storedSecret(user)).as("confirming keeps it sealed").isEqualTo(stored);
    clock.advance(Authenticator.STEP);
    assertThat(login(Authenticator.code(secret, clock.instant())).status()).isEqualTo(200);
  }

  @Test
  void secretsLeftInClearAreSealedAtStartOnceAndStillCheckCodes() throws SQLException {
    start(TestSecrets.SOURCE);
    long user = register();
    service.close();
    service = null;
    writeInClear(user);

    start(TestSecrets.SOURCE);

    String sealed = storedSecret(user);
    assertThat(sealed).doesNotContain(IN_CLEAR);
    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(TestSecrets.box().open(sealed, "totp:" + user)).isEqualTo(IN_CLEAR);
    assertThat(login(null).status()).as("the factor is still on").isEqualTo(401);
    assertThat(login(Authenticator.code(IN_CLEAR, clock.instant())).status()).isEqualTo(200);
    service.close();
    service = null;

    start(TestSecrets.SOURCE);
    assertThat(storedSecret(user)).as("a second start changes nothing").isEqualTo(sealed);
  }

  @Test
  void aSecretThatDoesNotOpenWithTheKeyStopsTheStartAndStaysAsItWas() throws SQLException {
    start(TestSecrets.SOURCE);
    long user = register();
    service.close();
    service = null;
    writeInClear(user);
    start(TestSecrets.SOURCE);
    String sealed = storedSecret(user);
    service.close();
    service = null;

    assertThatThrownBy(() -> start(KeySource.ofKey(newKey())))
        .hasMessageContaining("the TOTP secret of user row " + user + " does not open")
        .hasMessageContaining("key");
    assertThat(storedSecret(user)).isEqualTo(sealed);
  }

  @Test
  void aRotatedKeyFileResealsWithItsFirstKeyAtStartSoTheOlderLineCanGo() throws SQLException {
    String older = TestSecrets.KEY;
    String newer = newKey();
    start(TestSecrets.SOURCE);
    long user = register();
    service.close();
    service = null;
    writeInClear(user);
    start(KeySource.ofKey(older));
    String sealedWithOlder = storedSecret(user);
    service.close();
    service = null;

    start(KeySource.ofKey(newer + "\n" + older));
    String resealed = storedSecret(user);
    service.close();
    service = null;

    assertThat(resealed).isNotEqualTo(sealedWithOlder);
    start(KeySource.ofKey(newer));
    assertThat(storedSecret(user)).as("the newer key alone opens it").isEqualTo(resealed);
    assertThat(login(Authenticator.code(IN_CLEAR, clock.instant())).status()).isEqualTo(200);
  }

  private void start(KeySource key) {
    Config config =
        ConfigBuilder.development(backend.location())
            .admin(new AdminListener("127.0.0.1", 0))
            .secretsKey(key)
            .build();
    service = Bienvenue.start(config, clock);
    api = new ApiClient("http://127.0.0.1:" + service.port());
  }

  private long register() throws SQLException {
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
        .isEqualTo(200);
    return withConnection(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement("SELECT id FROM users");
              ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
          }
        });
  }

  private Reply login(String otp) {
    Map<String, String> fields = new HashMap<>(Map.of("email", EMAIL, "password", PASSWORD));
    if (otp != null) {
      fields.put("otp", otp);
    }
    return api.postForm("/sessions", fields);
  }

  /** Writes an enabled second factor the way earlier versions did: its secret in clear. */
  private void writeInClear(long user) throws SQLException {
    String insert =
        "INSERT INTO totp (user_id, secret, created_at, confirmed_at) VALUES (?, ?, ?, ?)";
    int written =
        withConnection(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setLong(1, user);
                statement.setString(2, IN_CLEAR);
                statement.setLong(3, clock.instant().toEpochMilli());
                statement.setLong(4, clock.instant().toEpochMilli());
                return statement.executeUpdate();
              }
            });
    assertThat(written).isEqualTo(1);
  }

  private String storedSecret(long user) throws SQLException {
    return withConnection(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT secret FROM totp WHERE user_id = ?")) {
            select.setLong(1, user);
            try (ResultSet row = select.executeQuery()) {
              assertThat(row.next()).isTrue();
              return row.getString(1);
            }
          }
        });
  }

  /** Runs {@code work} on a plain JDBC connection to the test's database. */
  private <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Database database = Database.open(backend.location(), 1);
        Handle handle = database.jdbi().open()) {
      return work.on(handle.getConnection());
    }
  }

  private interface SqlWork<T> {
    T on(Connection connection) throws SQLException;
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }
}
