package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.UnknownSessionException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.testing.AuthFixture;
import io.bienvenue.user.SessionOrigin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's view of their own sessions: listing them and ending one, through {@link Auth}. */
class MySessionsTest {

  @RegisterExtension final AuthFixture services = AuthFixture.development();

  @BeforeEach
  void start() {
    services.auth().registerUser("ada@example.org", "pwd");
    services.auth().registerUser("bob@example.org", "pwd");
  }

  @Test
  void sessionsOfListsTheUsersLiveSessionsWithTheirOriginAndMarksTheCurrentOne() {
    IssuedSession laptop = logIn("ada@example.org", "198.51.100.1", "Firefox/140");
    services.clock().advance(Duration.ofMinutes(1));
    IssuedSession phone = logIn("ada@example.org", "198.51.100.2", "Safari/18");
    logIn("bob@example.org", "198.51.100.3", "curl/8");

    List<ActiveSession> seenFromPhone = services.auth().sessionsOf(phone.token());

    assertThat(seenFromPhone).hasSize(2);
    ActiveSession newest = seenFromPhone.get(0);
    assertThat(newest.current()).isTrue();
    assertThat(newest.origin()).isEqualTo(SessionOrigin.of("198.51.100.2", "Safari/18"));
    assertThat(newest.createdAt()).isEqualTo(services.clock().instant());
    assertThat(seenFromPhone.get(1).current()).isFalse();
    assertThat(seenFromPhone.get(1).origin().userAgent()).contains("Firefox/140");
    assertThat(services.auth().sessionsOf(laptop.token()))
        .extracting(ActiveSession::current)
        .containsExactly(false, true);
  }

  @Test
  void theIdOfASessionIsNeitherItsTokenNorItsHash() {
    IssuedSession session = logIn("ada@example.org", "198.51.100.1", "Firefox/140");

    String id = services.auth().sessionsOf(session.token()).get(0).id();

    assertThat(id).matches("[A-Za-z0-9_-]{22}");
    assertThat(id).isNotEqualTo(session.token()).isNotEqualTo(Tokens.hash(session.token()));
    assertThat(session.token()).doesNotContain(id);
  }

  @Test
  void endedSessionsAreNotListed() {
    IssuedSession idle = logIn("ada@example.org", "198.51.100.1", "a");
    services.clock().advance(Duration.ofMinutes(20));
    IssuedSession active = logIn("ada@example.org", "198.51.100.1", "b");
    services.clock().advance(Duration.ofMinutes(15));

    assertThat(services.auth().sessionsOf(active.token())).hasSize(1);
    assertThat(services.auth().getUserFromSessionId(idle.token())).isEmpty();
  }

  @Test
  void aLongOrControlLadenUserAgentIsCleanedAndShortened() {
    String agent = "Mozilla\u0000\r\n" + "x".repeat(1_000);
    IssuedSession session =
        services
            .auth()
            .logIn(
                "ada@example.org",
                "pwd",
                Optional.empty(),
                SessionOrigin.of("198.51.100.1", agent));

    String kept =
        services.auth().sessionsOf(session.token()).get(0).origin().userAgent().orElseThrow();

    assertThat(kept).startsWith("Mozillax").hasSize(SessionOrigin.MAX_USER_AGENT_LENGTH);
  }

  @Test
  void endSessionEndsOneOfTheCallersOwnSessionsOnly() {
    IssuedSession laptop = logIn("ada@example.org", "198.51.100.1", "a");
    IssuedSession phone = logIn("ada@example.org", "198.51.100.2", "b");
    String phoneId = idOf(phone);

    services.auth().endSession(laptop.token(), phoneId);

    assertThat(services.auth().getUserFromSessionId(phone.token())).isEmpty();
    assertThat(services.auth().getUserFromSessionId(laptop.token())).isPresent();
    assertThatThrownBy(() -> services.auth().endSession(laptop.token(), phoneId))
        .isInstanceOf(UnknownSessionException.class);
  }

  @Test
  void anotherUsersSessionIdIsUnknownAndThatSessionStays() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");
    IssuedSession bob = logIn("bob@example.org", "198.51.100.2", "b");

    assertThatThrownBy(() -> services.auth().endSession(ada.token(), idOf(bob)))
        .isInstanceOf(UnknownSessionException.class)
        .hasMessage("no such session");
    assertThat(services.auth().getUserFromSessionId(bob.token())).isPresent();
  }

  @Test
  void malformedIdsAreUnknown() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");

    for (String id : new String[] {"", "x", "' OR 1=1 --", "A".repeat(10_000), ada.token()}) {
      assertThatThrownBy(() -> services.auth().endSession(ada.token(), id))
          .as(id)
          .isInstanceOf(UnknownSessionException.class);
    }
    assertThat(services.auth().getUserFromSessionId(ada.token())).isPresent();
  }

  @Test
  void withoutALiveSessionNothingIsListedOrEnded() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");
    String id = idOf(ada);

    assertThatThrownBy(() -> services.auth().sessionsOf(null))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> services.auth().sessionsOf("A".repeat(43)))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> services.auth().endSession("garbage", id))
        .isInstanceOf(NoSessionException.class);
    assertThat(services.auth().getUserFromSessionId(ada.token())).isPresent();
  }

  private IssuedSession logIn(String email, String address, String agent) {
    return services.auth().logIn(email, "pwd", Optional.empty(), SessionOrigin.of(address, agent));
  }

  private String idOf(IssuedSession session) {
    return services.auth().sessionsOf(session.token()).stream()
        .filter(ActiveSession::current)
        .findFirst()
        .orElseThrow()
        .id();
  }
}
