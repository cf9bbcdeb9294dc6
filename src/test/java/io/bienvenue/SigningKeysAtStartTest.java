package io.bienvenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.store.Database;
import io.bienvenue.store.SigningKeyStore;
import io.bienvenue.store.StoredSigningKey;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's start makes the signing keys once, and reads them with its secrets key. */
class SigningKeysAtStartTest {

  @TempDir Path folder;

  private String database() {
    return folder.resolve("service.db").toString();
  }

  private Config config(KeySource key) {
    return ConfigBuilder.development(database())
        .admin(new AdminListener("127.0.0.1", 0))
        .secretsKey(key)
        .build();
  }

  private List<StoredSigningKey> stored() {
    try (Database database = Database.open(database(), 1)) {
      return new SigningKeyStore(database.jdbi()).list();
    }
  }

  @Test
  void theFirstStartMakesOneKeyPerAlgorithmAndLaterStartsKeepThem() {
    Config config = config(TestSecrets.SOURCE);
    try (Bienvenue service = Bienvenue.start(config, Clock.systemUTC())) {
      assertThat(service.port()).isPositive();
    }
    List<StoredSigningKey> first = stored();
    assertThat(first).extracting(StoredSigningKey::alg).containsExactlyInAnyOrder("ES256", "RS256");

    try (Bienvenue service = Bienvenue.start(config, Clock.systemUTC())) {
      assertThat(service.port()).isPositive();
    }

    assertThat(stored()).isEqualTo(first);
  }

  @Test
  void aStartWithAnotherSecretsKeyIsRefusedAndChangesNoKey() {
    Config config = config(TestSecrets.SOURCE);
    try (Bienvenue service = Bienvenue.start(config, Clock.systemUTC())) {
      assertThat(service.port()).isPositive();
    }
    List<StoredSigningKey> first = stored();

    assertThatThrownBy(
            () ->
                Bienvenue.start(
                    config(KeySource.ofKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
                    Clock.systemUTC()))
        .hasMessageContaining("signing-key:");
    assertThat(stored()).isEqualTo(first);
  }
}
