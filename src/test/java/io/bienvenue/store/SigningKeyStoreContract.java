package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class SigningKeyStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private TestDatabase backend;
  private Database database;
  private SigningKeyStore keys;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    keys = new SigningKeyStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private static StoredSigningKey key(String kid, String alg, Instant createdAt) {
    return new StoredSigningKey(
        kid, alg, "sealed-" + kid, "{\"kid\":\"" + kid + "\"}", createdAt, Optional.empty());
  }

  @Test
  void anAddedKeyIsReadBackAsWritten() {
    StoredSigningKey key = key("k1", "ES256", NOW);

    assertThat(keys.addCurrent(key)).isTrue();

    assertThat(keys.list()).containsExactly(key);
  }

  @Test
  void aSecondCurrentKeyOfOneAlgorithmIsRefused() {
    assertThat(keys.addCurrent(key("k1", "ES256", NOW))).isTrue();

    assertThat(keys.addCurrent(key("k2", "ES256", NOW))).isFalse();
    assertThat(keys.addCurrent(key("k3", "RS256", NOW))).isTrue();

    assertThat(keys.list()).extracting(StoredSigningKey::kid).containsExactly("k1", "k3");
  }

  @Test
  void anUnknownAlgorithmIsRefusedByTheSchema() {
    assertThatThrownBy(() -> keys.addCurrent(key("k1", "HS256", NOW)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void replacingRetiresTheCurrentKeyAndAddsTheNewOne() {
    keys.addCurrent(key("old", "ES256", NOW));
    keys.addCurrent(key("rsa", "RS256", NOW));
    Instant later = NOW.plusSeconds(60);

    assertThat(keys.replaceCurrent(key("new", "ES256", later), later)).contains("old");

    assertThat(keys.list())
        .containsExactly(
            new StoredSigningKey(
                "old", "ES256", "sealed-old", "{\"kid\":\"old\"}", NOW, Optional.of(later)),
            key("rsa", "RS256", NOW),
            key("new", "ES256", later));
  }

  @Test
  void replacingWithNoCurrentKeyAddsOne() {
    assertThat(keys.replaceCurrent(key("first", "RS256", NOW), NOW)).isEmpty();

    assertThat(keys.list()).containsExactly(key("first", "RS256", NOW));
  }

  @Test
  void aRetiredKeyCannotBeAdded() {
    StoredSigningKey retired = new StoredSigningKey("k", "ES256", "s", "{}", NOW, Optional.of(NOW));

    assertThatThrownBy(() -> keys.addCurrent(retired)).isInstanceOf(IllegalArgumentException.class);
    assertThat(keys.list()).isEmpty();
  }

  @Test
  void keysInUseAreTheCurrentOnesAndThoseRetiredAfterTheCutoff() {
    keys.addCurrent(key("a", "ES256", NOW));
    Instant retiredAt = NOW.plusSeconds(10);
    keys.replaceCurrent(key("b", "ES256", retiredAt), retiredAt);

    assertThat(keys.inUse(retiredAt.minusMillis(1)))
        .extracting(StoredSigningKey::kid)
        .containsExactly("a", "b");
    assertThat(keys.inUse(retiredAt)).extracting(StoredSigningKey::kid).containsExactly("b");
  }

  @Test
  void deletingRetiredKeysKeepsTheCurrentAndTheRecentlyRetired() {
    keys.addCurrent(key("a", "ES256", NOW));
    keys.replaceCurrent(key("b", "ES256", NOW.plusSeconds(10)), NOW.plusSeconds(10));
    keys.replaceCurrent(key("c", "ES256", NOW.plusSeconds(20)), NOW.plusSeconds(20));

    assertThat(keys.deleteRetired(NOW.plus(Duration.ofSeconds(15)))).isEqualTo(1);

    assertThat(keys.list()).extracting(StoredSigningKey::kid).containsExactly("b", "c");
  }

  @Test
  void theSealedPrivateKeyIsReplacedOnlyIfItIsStillTheExpectedOne() {
    keys.addCurrent(key("k", "ES256", NOW));

    assertThat(keys.replaceSealedPrivateJwk("k", "sealed-other", "resealed")).isFalse();
    assertThat(keys.replaceSealedPrivateJwk("k", "sealed-k", "resealed")).isTrue();

    assertThat(keys.list())
        .extracting(StoredSigningKey::sealedPrivateJwk)
        .containsExactly("resealed");
  }

  @Test
  void toStringLeavesTheSealedPrivateKeyOut() {
    assertThat(key("k", "ES256", NOW).toString()).contains("k").doesNotContain("sealed-");
  }
}
