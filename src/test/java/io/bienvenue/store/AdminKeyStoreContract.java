package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AdminKeyStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final Instant LATER = NOW.plus(Duration.ofMinutes(1));

  private TestDatabase backend;
  private Database database;
  private AdminKeyStore keys;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 2);
    keys = new AdminKeyStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  private static StoredAdminKey key(String name, Instant at) {
    return new StoredAdminKey(name, "hash-of-" + name, at, Optional.empty());
  }

  @Test
  void anAddedKeyIsFoundByItsHashAndListedAsStored() {
    StoredAdminKey later = key("b", LATER);
    StoredAdminKey first = key("a", NOW);
    assertThat(keys.add(later)).isTrue();
    assertThat(keys.add(first)).isTrue();

    assertThat(keys.findByHash("hash-of-b")).contains(later);
    assertThat(keys.findByHash("hash-of-c")).isEmpty();
    assertThat(keys.findByHash("b")).as("found by hash, never by name").isEmpty();
    assertThat(keys.list()).containsExactly(first, later);
  }

  @Test
  void aNameIsAddedOnce() {
    assertThat(keys.add(key("a", NOW))).isTrue();

    assertThat(keys.add(new StoredAdminKey("a", "another-hash", LATER, Optional.empty())))
        .isFalse();
    assertThat(keys.list()).containsExactly(key("a", NOW));
    assertThat(keys.findByHash("another-hash")).isEmpty();
  }

  @Test
  void touchingStampsOnlyThatKey() {
    keys.add(key("a", NOW));
    keys.add(key("b", NOW));

    keys.touch("a", LATER);

    assertThat(keys.findByHash("hash-of-a").orElseThrow().lastUsedAt()).contains(LATER);
    assertThat(keys.findByHash("hash-of-b").orElseThrow().lastUsedAt()).isEmpty();
  }

  @Test
  void removingDeletesOnlyThatKey() {
    keys.add(key("a", NOW));
    keys.add(key("b", NOW));

    assertThat(keys.remove("a")).isTrue();
    assertThat(keys.remove("a")).isFalse();
    assertThat(keys.findByHash("hash-of-a")).isEmpty();
    assertThat(keys.list()).extracting(StoredAdminKey::name).containsExactly("b");
  }

  @Test
  void theHashIsNotInItsText() {
    assertThat(key("a", NOW).toString()).doesNotContain("hash-of-a");
  }
}
