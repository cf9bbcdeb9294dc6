package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.SigningKeys;
import io.bienvenue.testing.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's signing-key commands, run in-process against a real SQLite file. */
class KeysCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli();

  @TempDir Path folder;
  private String database;
  private Path keyFile;

  @BeforeEach
  void start() throws Exception {
    database = folder.resolve("keys.db").toString();
    keyFile = folder.resolve("secrets.key");
    Files.writeString(keyFile, TestSecrets.KEY + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
  }

  private int run(String... args) {
    cli.clear();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--database=" + database);
    return cli.run(line.toArray(String[]::new));
  }

  private JsonNode output() throws Exception {
    assertThat(cli.out().lines().count()).as(cli.out()).isEqualTo(1);
    return JSON.readTree(cli.out());
  }

  /** The service's keys on the database, as a started instance would read them. */
  private SigningKeys serviceKeys(Administration admin) {
    return admin.signingKeys(TestSecrets.box());
  }

  private Administration admin() {
    return Administration.open(database, 4, PasswordPolicy.development(), Clock.systemUTC());
  }

  @Test
  void rotateMakesKeysTheServiceSignsWith() throws Exception {
    assertThat(run("keys", "rotate", "--secrets-key-file", keyFile.toString()))
        .as(cli.err())
        .isZero();
    JsonNode made = output();

    assertThat(made).hasSize(2);
    assertThat(made.get(0).path("alg").asText()).isEqualTo("ES256");
    assertThat(made.get(1).path("alg").asText()).isEqualTo("RS256");
    assertThat(made.get(0).path("retired_at").isNull()).isTrue();
    try (Administration admin = admin()) {
      SigningKeys keys = serviceKeys(admin);
      assertThat(keys.ensure()).isEmpty();
      String jwt =
          keys.sign(
              new JWTClaimsSet.Builder().subject("u").build(),
              IdTokenAlgorithm.ES256,
              JOSEObjectType.JWT);
      assertThat(SignedJWT.parse(jwt).getHeader().getKeyID())
          .isEqualTo(made.get(0).path("kid").asText());
    }
  }

  @Test
  void listShowsEveryKeyAndNoPrivatePart() throws Exception {
    run("keys", "rotate", "--secrets-key-file", keyFile.toString());
    String firstKid = output().get(0).path("kid").asText();
    run("keys", "rotate", "--secrets-key-file", keyFile.toString());

    assertThat(run("keys", "list")).as(cli.err()).isZero();
    JsonNode listed = output();

    assertThat(listed).hasSize(4);
    assertThat(listed.get(0).path("kid").asText()).isEqualTo(firstKid);
    assertThat(listed.get(0).path("retired_at").isTextual()).isTrue();
    assertThat(listed.get(3).path("retired_at").isNull()).isTrue();
    for (JsonNode key : listed) {
      assertThat(key.properties())
          .extracting(entry -> entry.getKey())
          .containsExactly("kid", "alg", "created_at", "retired_at");
    }
    assertThat(cli.out()).doesNotContain("\"d\"").doesNotContain("eyJ");
  }

  @Test
  void rotateWithTheWrongSecretsKeyChangesNothing() throws Exception {
    run("keys", "rotate", "--secrets-key-file", keyFile.toString());
    Path wrong = folder.resolve("wrong.key");
    Files.writeString(wrong, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));

    assertThat(run("keys", "rotate", "--secrets-key-file", wrong.toString())).isEqualTo(1);

    assertThat(cli.err()).contains("signing-key:");
    run("keys", "list");
    assertThat(output()).hasSize(2);
  }

  @Test
  void rotateWithoutAKeyUsesDevelopmentsKeyFileOnlyIfItExists() throws Exception {
    assertThat(run("keys", "rotate")).isEqualTo(1);
    assertThat(cli.err()).contains("--secrets-key-file");
    assertThat(Files.exists(Path.of(database + ".key"))).isFalse();

    Files.copy(keyFile, Path.of(database + ".key"));
    assertThat(run("keys", "rotate")).as(cli.err()).isZero();
    assertThat(output()).hasSize(2);
  }
}
