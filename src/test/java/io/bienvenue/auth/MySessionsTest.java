package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.UnknownSessionException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestServices;
import io.bienvenue.user.SessionOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's view of their own sessions: listing them and ending one, through {@link Auth}. */
class MySessionsTest {

  @TempDir Path folder;
  private final MutableClock clock = MutableClock.startingNow();
  private TestServices services;
  private Auth auth;

  @BeforeEach
  void start() {
    services = new TestServices(folder, clock, Lifetimes.DEFAULTS);
    auth = services.auth;
    auth.registerUser("ada@example.org", "pwd");
    auth.registerUser("bob@example.org", "pwd");
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void sessionsOfListsTheUsersLiveSessionsWithTheirOriginAndMarksTheCurrentOne() {
    IssuedSession laptop = logIn("ada@example.org", "198.51.100.1", "Firefox/140");
    clock.advance(Duration.ofMinutes(1));
    IssuedSession phone = logIn("ada@example.org", "198.51.100.2", "Safari/18");
    logIn("bob@example.org", "198.51.100.3", "curl/8");

    List<ActiveSession> seenFromPhone = auth.sessionsOf(phone.token());

    assertThat(seenFromPhone).hasSize(2);
    ActiveSession newest = seenFromPhone.get(0);
    assertThat(newest.current()).isTrue();
    assertThat(newest.origin()).isEqualTo(SessionOrigin.of("198.51.100.2", "Safari/18"));
    assertThat(newest.createdAt()).isEqualTo(clock.instant());
    assertThat(seenFromPhone.get(1).current()).isFalse();
    assertThat(seenFromPhone.get(1).origin().userAgent()).contains("Firefox/140");
    assertThat(auth.sessionsOf(laptop.token()))
        .extracting(ActiveSession::current)
        .containsExactly(false, true);
  }

  @Test
  void theIdOfASessionIsNeitherItsTokenNorItsHash() {
    IssuedSession session = logIn("ada@example.org", "198.51.100.1", "Firefox/140");

    String id = auth.sessionsOf(session.token()).get(0).id();

    assertThat(id).matches("[A-Za-z0-9_-]{22}");
    assertThat(id).isNotEqualTo(session.token()).isNotEqualTo(Tokens.hash(session.token()));
    assertThat(session.token()).doesNotContain(id);
  }

  @Test
  void endedSessionsAreNotListed() {
    IssuedSession idle = logIn("ada@example.org", "198.51.100.1", "a");
    clock.advance(Duration.ofMinutes(20));
    IssuedSession active = logIn("ada@example.org", "198.51.100.1", "b");
    clock.advance(Duration.ofMinutes(15));

    assertThat(auth.sessionsOf(active.token())).hasSize(1);
    assertThat(auth.getUserFromSessionId(idle.token())).isEmpty();
  }

  @Test
  void aLongOrControlLadenUserAgentIsCleanedAndShortened() {
    String agent = "Mozilla\u0000\r\n" + "x".repeat(1_000);
    IssuedSession session =
        auth.logIn(
            "ada@example.org", "pwd", Optional.empty(), SessionOrigin.of("198.51.100.1", agent));

    String kept = auth.sessionsOf(session.token()).get(0).origin().userAgent().orElseThrow();

    assertThat(kept).startsWith("Mozillax").hasSize(SessionOrigin.MAX_USER_AGENT_LENGTH);
  }

  @Test
  void endSessionEndsOneOfTheCallersOwnSessionsOnly() {
    IssuedSession laptop = logIn("ada@example.org", "198.51.100.1", "a");
    IssuedSession phone = logIn("ada@example.org", "198.51.100.2", "b");
    String phoneId = idOf(phone);

    auth.endSession(laptop.token(), phoneId);

    assertThat(auth.getUserFromSessionId(phone.token())).isEmpty();
    assertThat(auth.getUserFromSessionId(laptop.token())).isPresent();
    assertThatThrownBy(() -> auth.endSession(laptop.token(), phoneId))
        .isInstanceOf(UnknownSessionException.class);
  }

  @Test
  void anotherUsersSessionIdIsUnknownAndThatSessionStays() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");
    IssuedSession bob = logIn("bob@example.org", "198.51.100.2", "b");

    assertThatThrownBy(() -> auth.endSession(ada.token(), idOf(bob)))
        .isInstanceOf(UnknownSessionException.class)
        .hasMessage("no such session");
    assertThat(auth.getUserFromSessionId(bob.token())).isPresent();
  }

  @Test
  void malformedIdsAreUnknown() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");

    for (String id : new String[] {"", "x", "' OR 1=1 --", "A".repeat(10_000), ada.token()}) {
      assertThatThrownBy(() -> auth.endSession(ada.token(), id))
          .as(id)
          .isInstanceOf(UnknownSessionException.class);
    }
    assertThat(auth.getUserFromSessionId(ada.token())).isPresent();
  }

  @Test
  void withoutALiveSessionNothingIsListedOrEnded() {
    IssuedSession ada = logIn("ada@example.org", "198.51.100.1", "a");
    String id = idOf(ada);

    assertThatThrownBy(() -> auth.sessionsOf(null)).isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> auth.sessionsOf("A".repeat(43)))
        .isInstanceOf(NoSessionException.class);
    assertThatThrownBy(() -> auth.endSession("garbage", id)).isInstanceOf(NoSessionException.class);
    assertThat(auth.getUserFromSessionId(ada.token())).isPresent();
  }

  private IssuedSession logIn(String email, String address, String agent) {
    return auth.logIn(email, "pwd", Optional.empty(), SessionOrigin.of(address, agent));
  }

  private String idOf(IssuedSession session) {
    return auth.sessionsOf(session.token()).stream()
        .filter(ActiveSession::current)
        .findFirst()
        .orElseThrow()
        .id();
  }
}
