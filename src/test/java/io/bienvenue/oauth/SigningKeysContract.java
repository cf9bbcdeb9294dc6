package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.SecretKeys;
import io.bienvenue.secrets.UnopenableSecretException;
import io.bienvenue.store.Database;
import io.bienvenue.store.SigningKeyStore;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.TestDatabase;
import io.bienvenue.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signing keys on a real database: at rest, signing, verifying, rotating, racing. */
abstract class SigningKeysContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Duration PUBLISH_FOR = Duration.ofHours(1);
  private static final JWTClaimsSet CLAIMS =
      new JWTClaimsSet.Builder().issuer("https://id.example.org").subject("u1").build();

  private final MutableClock clock = MutableClock.startingNow();
  private final List<Database> databases = new ArrayList<>();
  private TestDatabase backend;
  private SigningKeys keys;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    keys = instance(TestSecrets.box());
  }

  @AfterEach
  void closeDatabase() {
    databases.forEach(Database::close);
    backend.close();
  }

  /** Another instance of the service on the same database: its own pool and its own memory. */
  private SigningKeys instance(SecretBox box) {
    Database database = Database.open(backend.location(), 2);
    databases.add(database);
    return new SigningKeys(
        new SigningKeyStore(database.jdbi()), box, PUBLISH_FOR, new SecureRandom(), clock);
  }

  private String sign(SigningKeys with, IdTokenAlgorithm algorithm) {
    return with.sign(CLAIMS, algorithm, JOSEObjectType.JWT);
  }

  private static String kidOf(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  @Test
  void ensureMakesOneKeyPerAlgorithmOnceOnly() {
    assertThat(keys.ensure()).containsExactly(IdTokenAlgorithm.ES256, IdTokenAlgorithm.RS256);
    assertThat(keys.ensure()).isEmpty();

    assertThat(keys.list())
        .extracting(SigningKey::algorithm)
        .containsExactlyInAnyOrder(IdTokenAlgorithm.ES256, IdTokenAlgorithm.RS256);
  }

  @Test
  void thePrivateKeyIsNeverInClearInTheRow() {
    keys.ensure();

    List<Map<String, Object>> rows =
        databases
            .get(0)
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT * FROM signing_keys").mapToMap().list());
    assertThat(rows).hasSize(2);
    for (Map<String, Object> row : rows) {
      String sealed = (String) row.get("private_jwk");
      assertThat(SecretBox.isSealed(sealed)).as(sealed).isTrue();
      assertThat(sealed).doesNotContain("\"d\"");
      assertThat((String) row.get("public_jwk")).doesNotContain("\"d\"").contains("\"kid\"");
    }
  }

  @Test
  void aKeyMadeByOneInstanceSignsAndVerifiesOnAnother() throws Exception {
    keys.ensure();
    SigningKeys other = instance(TestSecrets.box());
    other.ensure();

    for (IdTokenAlgorithm algorithm : IdTokenAlgorithm.values()) {
      String jwt = sign(other, algorithm);
      SignedJWT verified = keys.verify(jwt);
      assertThat(verified.getHeader().getAlgorithm().getName()).isEqualTo(algorithm.name());
      assertThat(verified.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
      assertThat(verified.getJWTClaimsSet().getSubject()).isEqualTo("u1");
      assertThat(kidOf(jwt)).isEqualTo(kidOf(sign(keys, algorithm)));
    }
  }

  @Test
  void theKidIsTheThumbprintOfThePublishedKey() throws Exception {
    keys.ensure();

    for (JWK key : keys.jwkSet().getKeys()) {
      assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
      assertThat(key.isPrivate()).isFalse();
    }
    assertThat(keys.jwkSet().toString()).doesNotContain("\"d\"");
  }

  @Test
  void keysDoNotOpenWithAnotherSecretsKey() {
    keys.ensure();

    assertThatThrownBy(() -> instance(box(newSecretsKey())).ensure())
        .isInstanceOf(UnopenableSecretException.class);
  }

  @Test
  void aRotatedSecretsKeyResealsSoTheOlderLineCanGo() throws Exception {
    keys.ensure();
    String before = sign(keys, IdTokenAlgorithm.RS256);
    String newer = newSecretsKey();

    instance(box(newer + "\n" + TestSecrets.KEY)).ensure();
    SigningKeys withTheNewerOnly = instance(box(newer));

    assertThat(withTheNewerOnly.ensure()).isEmpty();
    assertThat(kidOf(sign(withTheNewerOnly, IdTokenAlgorithm.RS256))).isEqualTo(kidOf(before));
  }

  private static String newSecretsKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  private static SecretBox box(String lines) {
    return new SecretBox(SecretKeys.parse(lines, "the test's keys"));
  }

  @Test
  void aTokenOfAForeignKeyIsRefused() throws Exception {
    keys.ensure();
    ECKey foreign = (ECKey) KeyPairs.generate(IdTokenAlgorithm.ES256, new SecureRandom());
    String ours = kidOf(sign(keys, IdTokenAlgorithm.ES256));

    for (String kid : List.of(foreign.getKeyID(), ours)) {
      // The header even carries the foreign public key: it is never used.
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(kid)
                  .jwk(foreign.toPublicJWK())
                  .build(),
              CLAIMS);
      jwt.sign(new ECDSASigner(foreign));

      assertThatThrownBy(() -> keys.verify(jwt.serialize()))
          .isInstanceOf(InvalidJwtException.class);
    }
  }

  @Test
  void anUnsignedTokenIsRefused() {
    keys.ensure();

    assertThatThrownBy(() -> keys.verify(new PlainJWT(CLAIMS).serialize()))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("not a signed JWT");
  }

  @Test
  void anHmacTokenKeyedWithOurPublicKeyIsRefused() throws Exception {
    keys.ensure();
    String kid = kidOf(sign(keys, IdTokenAlgorithm.RS256));
    JWK publicKey = keys.jwkSet().getKeyByKeyId(kid);
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), CLAIMS);
    jwt.sign(new MACSigner(publicKey.toJSONString().getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> keys.verify(jwt.serialize()))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("HS256 is not accepted");
  }

  @Test
  void aTokenWithoutKidIsRefused() throws Exception {
    keys.ensure();
    SignedJWT signed = SignedJWT.parse(sign(keys, IdTokenAlgorithm.ES256));
    String[] parts = signed.serialize().split("\\.");
    String header = new JWSHeader.Builder(JWSAlgorithm.ES256).build().toBase64URL().toString();

    assertThatThrownBy(() -> keys.verify(header + "." + parts[1] + "." + parts[2]))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("no kid");
  }

  @Test
  void aKidOfTheOtherAlgorithmIsRefused() throws Exception {
    keys.ensure();
    SignedJWT signed = SignedJWT.parse(sign(keys, IdTokenAlgorithm.ES256));
    String[] parts = signed.serialize().split("\\.");
    String rsaKid = kidOf(sign(keys, IdTokenAlgorithm.RS256));
    String header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(rsaKid).build().toBase64URL().toString();

    assertThatThrownBy(() -> keys.verify(header + "." + parts[1] + "." + parts[2]))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("is an RS256 key");
  }

  @Test
  void aRotatedKeyIsPublishedAtOnceAndSignsAMinuteLater() throws Exception {
    keys.ensure();
    String before = kidOf(sign(keys, IdTokenAlgorithm.ES256));

    String made = keys.rotate(clock.instant()).get(0).kid();

    assertThat(keys.jwkSet().getKeyByKeyId(made)).isNotNull();
    assertThat(kidOf(sign(keys, IdTokenAlgorithm.ES256))).isEqualTo(before);
    clock.advance(SigningKeys.REFRESH_EVERY.minusMillis(1));
    assertThat(kidOf(sign(keys, IdTokenAlgorithm.ES256))).isEqualTo(before);
    clock.advance(Duration.ofMillis(1));
    assertThat(kidOf(sign(keys, IdTokenAlgorithm.ES256))).isEqualTo(made);
  }

  @Test
  void aRetiredKeyVerifiesAndIsPublishedUntilPublishForPasses() throws Exception {
    keys.ensure();
    String before = sign(keys, IdTokenAlgorithm.ES256);

    keys.rotate(clock.instant());
    clock.advance(SigningKeys.REFRESH_EVERY);

    String after = sign(keys, IdTokenAlgorithm.ES256);
    assertThat(kidOf(after)).isNotEqualTo(kidOf(before));
    assertThat(keys.verify(before)).isNotNull();
    assertThat(keys.jwkSet().getKeys()).hasSize(4);
    assertThat(keys.jwkSet().getKeyByKeyId(kidOf(before))).isNotNull();

    clock.advance(PUBLISH_FOR.minus(SigningKeys.REFRESH_EVERY).minusSeconds(1));
    assertThat(keys.verify(before)).isNotNull();

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> keys.verify(before)).isInstanceOf(InvalidJwtException.class);
    assertThat(keys.jwkSet().getKeyByKeyId(kidOf(before))).isNull();
    assertThat(keys.jwkSet().getKeys()).hasSize(2);
    assertThat(keys.verify(after)).isNotNull();
    assertThat(keys.deleteUnpublished()).isEqualTo(2);
    assertThat(keys.list()).hasSize(2);
  }

  @Test
  void everyInstanceHasReadARotatedKeyBeforeItSigns() throws Exception {
    keys.ensure();
    SigningKeys other = instance(TestSecrets.box());
    other.ensure();
    String old = kidOf(sign(other, IdTokenAlgorithm.RS256));

    String rotated = keys.rotate(clock.instant()).get(1).kid();

    assertThat(kidOf(sign(keys, IdTokenAlgorithm.RS256))).isEqualTo(old);
    assertThat(other.jwkSet().getKeyByKeyId(rotated)).isNull();
    clock.advance(SigningKeys.REFRESH_EVERY);
    assertThat(other.jwkSet().getKeyByKeyId(rotated)).isNotNull();
    String signed = sign(keys, IdTokenAlgorithm.RS256);
    assertThat(kidOf(signed)).isEqualTo(rotated);
    assertThat(kidOf(sign(other, IdTokenAlgorithm.RS256))).isEqualTo(rotated);
    assertThat(other.verify(signed)).isNotNull();
  }

  @Test
  void instancesEnsuringAtOnceEndWithOneKeyPerAlgorithm() throws Exception {
    List<SigningKeys> instances = List.of(keys, instance(TestSecrets.box()));

    List<List<IdTokenAlgorithm>> made = Parallel.run(2, i -> instances.get(i).ensure());

    assertThat(keys.list()).hasSize(2);
    assertThat(made.get(0).size() + made.get(1).size()).isEqualTo(2);
    for (IdTokenAlgorithm algorithm : IdTokenAlgorithm.values()) {
      assertThat(kidOf(sign(instances.get(0), algorithm)))
          .isEqualTo(kidOf(sign(instances.get(1), algorithm)));
    }
  }

  @Test
  void theKeysInMemoryStillSignWhenTheDatabaseCannotBeReadAgain() throws Exception {
    keys.ensure();
    String kid = kidOf(sign(keys, IdTokenAlgorithm.ES256));
    databases.get(0).close();

    clock.advance(SigningKeys.REFRESH_EVERY);

    String signed = sign(keys, IdTokenAlgorithm.ES256);
    assertThat(kidOf(signed)).isEqualTo(kid);
    assertThat(keys.verify(signed)).isNotNull();
  }

  @Test
  void aPublishForShorterThanTheMinuteARetiredKeySignsIsRefused() {
    assertThatThrownBy(
            () ->
                new SigningKeys(
                    new SigningKeyStore(databases.get(0).jdbi()),
                    TestSecrets.box(),
                    SigningKeys.REFRESH_EVERY.minusSeconds(1),
                    new SecureRandom(),
                    clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signingBeforeEnsureIsRefused() {
    assertThatThrownBy(() -> sign(keys, IdTokenAlgorithm.ES256))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ensure");
  }
}
