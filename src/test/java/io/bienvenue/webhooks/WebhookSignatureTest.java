package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.svix.Webhook;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The signature and the settings' rules, without a database. */
class WebhookSignatureTest {

  @Test
  void theSignatureIsTheOneTheSvixLibraryComputesForAnySecretAndBody() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 20; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
      String body = "{\"type\":\"user.created\",\"data\":{\"email\":\"é" + i + "@example.org\"}}";
      long timestamp = 1_796_684_430L + i;

      assertThat(WebhookSignature.sign(secret, "msg_" + i, timestamp, body))
          .isEqualTo(new Webhook(secret).sign("msg_" + i, timestamp, body));
    }
  }

  @Test
  void aSecretWithoutItsPrefixIsRefused() {
    assertThatThrownBy(() -> WebhookSignature.sign("AAAA", "msg_1", 1, "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void productionRefusesPlainHttpButToAnAllowedHostAndDevelopmentRefusesNothing() {
    WebhookSettings settings = WebhookSettings.DEFAULTS.withAllowedHttpHosts(Set.of(" Hooks.LAN "));

    assertThat(settings.plainHttpRefusal("https://app.example/hook", true)).isEmpty();
    assertThat(settings.plainHttpRefusal("http://hooks.lan:8080/hook", true)).isEmpty();
    assertThat(settings.plainHttpRefusal("HTTP://HOOKS.LAN/hook", true)).isEmpty();
    assertThat(settings.plainHttpRefusal("http://app.example/hook", true))
        .hasValueSatisfying(
            why -> assertThat(why).contains("--webhook-allow-http-host app.example"));
    assertThat(settings.plainHttpRefusal("http://app.example/hook", false)).isEmpty();
  }

  @Test
  void theSettingsRefuseWhatCannotWork() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new WebhookSettings(second, second, second, 0, List.of(), Set.of()))
        .hasMessageContaining("concurrency");
    assertThatThrownBy(
            () ->
                new WebhookSettings(second, second.multipliedBy(2), second, 1, List.of(), Set.of()))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(
            () -> new WebhookSettings(second, second, second, 1, List.of(Duration.ZERO), Set.of()))
        .hasMessageContaining("retry");
    assertThat(WebhookSettings.DEFAULTS.lease())
        .isGreaterThan(WebhookSettings.DEFAULTS.requestTimeout());
    assertThat(WebhookSettings.DEFAULTS.retries())
        .hasSize(10)
        .first()
        .isEqualTo(Duration.ofSeconds(5));
  }
}
