package io.bienvenue.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.WebhookEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which events an endpoint wants, and the events' names. */
class WebhookEndpointTest {

  private static WebhookEndpoint endpoint(Optional<Set<WebhookEvent>> events) {
    Instant now = Instant.now();
    return new WebhookEndpoint("id", "https://app.example/hook", events, now, now);
  }

  @Test
  void anEndpointWithoutEventsWantsEveryEvent() {
    WebhookEndpoint all = endpoint(Optional.empty());

    assertThat(WebhookEvent.values()).allMatch(all::wants);
  }

  @Test
  void anEndpointWithEventsWantsOnlyThose() {
    WebhookEndpoint some = endpoint(Optional.of(Set.of(WebhookEvent.USER_CREATED)));

    assertThat(some.wants(WebhookEvent.USER_CREATED)).isTrue();
    assertThat(some.wants(WebhookEvent.USER_DELETED)).isFalse();
  }

  @Test
  void everyEventIsFoundByItsNameAndNoOtherNameIsAnEvent() {
    assertThat(WebhookEvent.values())
        .allMatch(event -> WebhookEvent.named(event.wireName()).orElseThrow() == event);
    assertThat(Arrays.stream(WebhookEvent.values()).map(WebhookEvent::wireName))
        .contains("user.created", "session.created", "user.passkey_removed", "oidc.consent_revoked")
        .doesNotHaveDuplicates();
    assertThat(WebhookEvent.named("USER_CREATED")).isEmpty();
    assertThat(WebhookEvent.named("user.exploded")).isEmpty();
  }
}
