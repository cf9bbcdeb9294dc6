package io.bienvenue.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path folder;

  @Test
  void instancesStartingAtOnceInDevelopmentShareOneGeneratedKey() throws Exception {
    String database = folder.resolve("shared.db").toString();

    List<Object> ids =
        Parallel.run(
            8, i -> SecretKeys.load(KeySource.NONE, database, false, RANDOM).sealingKeyId());

    assertThat(ids).hasSize(8).containsOnly(ids.get(0));
    Path key = folder.resolve("shared.db.key");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(SecretKeys.read(key).sealingKeyId()).isEqualTo(ids.get(0));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no copy is left behind")
          .containsExactly("shared.db.key");
    }
  }

  @Test
  void developmentKeepsTheKeyBesideAnSqliteFileInTheWorkingFolderForPostgresqlAndInMemory() {
    assertThat(SecretKeys.developmentFile(folder.resolve("a.db").toString()))
        .contains(folder.resolve("a.db.key"));
    assertThat(SecretKeys.developmentFile("postgresql://u:p@127.0.0.1:5432/db"))
        .contains(SecretKeys.SHARED_DATABASE_KEY_FILE);
    assertThat(SecretKeys.developmentFile("jdbc:sqlite::memory:")).isEmpty();
    assertThat(SecretKeys.load(KeySource.NONE, "jdbc:sqlite::memory:", false, RANDOM).size())
        .isEqualTo(1);
  }

  @Test
  void productionWithoutAKeyIsRefusedAndAGivenKeyWinsOverTheDefaultFile() {
    String database = folder.resolve("p.db").toString();

    assertThatThrownBy(() -> SecretKeys.load(KeySource.NONE, database, true, RANDOM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("--production needs the secrets key")
        .hasMessageContaining("BIENVENUE_SECRETS_KEY");
    assertThat(SecretKeys.load(TestSecrets.SOURCE, database, true, RANDOM).sealingKeyId())
        .isEqualTo(SecretKeys.parse(TestSecrets.KEY, "k").sealingKeyId());
    assertThat(folder.resolve("p.db.key")).doesNotExist();
  }

  @Test
  void aMissingKeyFileIsRefusedNotGenerated() {
    Path missing = folder.resolve("missing.key");

    assertThatThrownBy(
            () ->
                SecretKeys.load(
                    KeySource.ofFile(missing), folder.resolve("m.db").toString(), false, RANDOM))
        .hasMessage("the secrets key file " + missing + " does not exist");
    assertThat(missing).doesNotExist();
  }
}
