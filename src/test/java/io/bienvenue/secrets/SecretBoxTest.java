package io.bienvenue.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String key = newKey();
  private final SecretBox box = new SecretBox(SecretKeys.parse(key, "the test's key"));

  @Test
  void aSealedSecretOpensForItsContext() {
    String sealed = box.seal(SECRET, "totp:7");

    assertThat(box.open(sealed, "totp:7")).isEqualTo(SECRET);
    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(sealed.split("\\.", -1)).hasSize(5);
  }

  @Test
  void theSealedTextHoldsNoPlaintextAndNamesItsKeyAndContext() {
    String sealed = box.seal(SECRET, "totp:7");
    String header =
        new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[0]), StandardCharsets.UTF_8);

    assertThat(sealed).doesNotContain(SECRET).doesNotContain(key);
    assertThat(header)
        .contains("\"alg\":\"dir\"")
        .contains("\"enc\":\"A256GCM\"")
        .contains("\"ctx\":\"totp:7\"")
        .contains("\"kid\":\"" + SecretKeys.parse(key, "k").sealingKeyId() + "\"");
    assertThat(box.seal(SECRET, "totp:7")).as("a new IV each time").isNotEqualTo(sealed);
  }

  @Test
  void aWrongKeyDoesNotOpen() {
    String sealed = box.seal(SECRET, "totp:7");
    SecretBox other = new SecretBox(SecretKeys.parse(newKey(), "another key"));

    assertThatThrownBy(() -> other.open(sealed, "totp:7"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("not in the secrets key file");
  }

  @Test
  void aWrongKeyWithTheRightIdDoesNotOpenEither() {
    String sealed = box.seal(SECRET, "totp:7");
    String[] parts = sealed.split("\\.");
    // Another key's value, relabelled with this key's id: the tag does not match.
    String foreign = new SecretBox(SecretKeys.parse(newKey(), "k")).seal(SECRET, "totp:7");
    String[] others = foreign.split("\\.");
    String relabelled = String.join(".", parts[0], "", others[2], others[3], others[4]);

    assertThatThrownBy(() -> box.open(relabelled, "totp:7"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void aTamperedCiphertextDoesNotOpen() {
    String sealed = box.seal(SECRET, "totp:7");
    String[] parts = sealed.split("\\.");
    byte[] ciphertext = Base64.getUrlDecoder().decode(parts[3]);
    ciphertext[0] ^= 1;
    parts[3] = Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
    String tampered = String.join(".", parts[0], parts[1], parts[2], parts[3], parts[4]);

    assertThatThrownBy(() -> box.open(tampered, "totp:7"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void aSwappedContextDoesNotOpen() {
    String sealed = box.seal(SECRET, "totp:7");

    assertThatThrownBy(() -> box.open(sealed, "totp:8"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("totp:7")
        .hasMessageContaining("totp:8");
  }

  @Test
  void aHeaderRewrittenToAnotherContextDoesNotOpen() {
    String sealed = box.seal(SECRET, "totp:7");
    String header =
        new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[0]), StandardCharsets.UTF_8);
    String rewritten =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(header.replace("totp:7", "totp:8").getBytes(StandardCharsets.UTF_8));
    String moved = rewritten + sealed.substring(sealed.indexOf('.'));

    assertThatThrownBy(() -> box.open(moved, "totp:8"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void theOlderKeyOfARotatedFileStillOpensAndTheNewerSeals() {
    String older = box.seal(SECRET, "totp:7");
    String newer = newKey();
    SecretKeys rotated = SecretKeys.parse(newer + "\n# the older key, until resealed\n" + key, "f");
    SecretBox both = new SecretBox(rotated);

    assertThat(both.open(older, "totp:7")).isEqualTo(SECRET);
    assertThat(both.isSealedWithTheNewestKey(older)).isFalse();
    String resealed = both.seal(SECRET, "totp:7");
    assertThat(both.isSealedWithTheNewestKey(resealed)).isTrue();
    assertThat(new SecretBox(SecretKeys.parse(newer, "k")).open(resealed, "totp:7"))
        .isEqualTo(SECRET);
    assertThat(rotated.size()).isEqualTo(2);
  }

  @Test
  void aSecretInClearIsNotSealedAndDoesNotOpen() {
    assertThat(SecretBox.isSealed(SECRET)).isFalse();
    assertThat(SecretBox.isSealed("a.b.c.d.e")).isFalse();
    assertThatThrownBy(() -> box.open(SECRET, "totp:7"))
        .isInstanceOf(UnopenableSecretException.class)
        .hasMessageContaining("not a sealed value");
  }

  @Test
  void aLineThatIsNotAKeyIsRefusedWithoutEchoingIt() {
    String notAKey = "c2hvcnQ";

    assertThatThrownBy(() -> SecretKeys.parse(key + "\n" + notAKey, "the key file k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2 of the key file k")
        .hasMessageNotContaining(notAKey);
    assertThatThrownBy(() -> SecretKeys.parse("\n# nothing\n", "the key file k"))
        .hasMessageContaining("holds no key");
  }

  @Test
  void theKeysNeverShowInTheirOwnText() {
    SecretKeys keys = SecretKeys.parse(key, "k");

    assertThat(keys.toString()).doesNotContain(key).contains(keys.sealingKeyId());
    assertThat(KeySource.ofKey(key).toString()).doesNotContain(key);
  }

  @Test
  void aBoxWithoutKeysSaysWhy() {
    SecretBox none = SecretBox.withoutKeys("no key here");

    assertThatThrownBy(() -> none.seal(SECRET, "totp:7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no key here");
  }

  @Test
  void aKeyedHashDependsOnTheKeyAndThePurposeAndIsNoPlainHash() throws Exception {
    String id = box.sealingKeyId();
    String hash = box.keyedHash("12345678", "email-login-code", id).orElseThrow();

    assertThat(box.keyedHash("12345678", "email-login-code", id)).hasValue(hash);
    assertThat(box.keyedHash("12345679", "email-login-code", id)).isNotEqualTo(hash);
    assertThat(box.keyedHash("12345678", "another purpose", id).orElseThrow()).isNotEqualTo(hash);
    SecretBox other = new SecretBox(SecretKeys.parse(newKey(), "another key"));
    assertThat(other.keyedHash("12345678", "email-login-code", other.sealingKeyId()).orElseThrow())
        .isNotEqualTo(hash);
    byte[] plain =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("12345678".getBytes(StandardCharsets.UTF_8));
    assertThat(hash).isNotEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(plain));
    assertThat(box.keyedHash("12345678", "email-login-code", other.sealingKeyId()))
        .as("a key this box does not hold")
        .isEmpty();
  }

  @Test
  void aKeyedHashMadeWithAnOlderKeyIsStillMadeAfterARotation() {
    String older = box.keyedHash("12345678", "p", box.sealingKeyId()).orElseThrow();
    SecretBox rotated = new SecretBox(SecretKeys.parse(newKey() + "\n" + key, "rotated"));

    assertThat(rotated.sealingKeyId()).isNotEqualTo(box.sealingKeyId());
    assertThat(rotated.keyedHash("12345678", "p", box.sealingKeyId())).hasValue(older);
  }

  private static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
