package io.bienvenue.hostile;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.ServiceFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logins, logouts and a password reset on one account, all at once, round after round: no session
 * outlives its logout, and no session opened with the old password outlives the reset, however the
 * requests interleave. That includes a login whose password check passed just before the reset
 * committed and whose session was written just after.
 */
class SessionRaceTest {

  private static final String EMAIL = "raced@example.org";
  private static final int ROUNDS = 25;
  private static final int LOGOUTS = 3;
  private static final int LOGINS = 6;

  @RegisterExtension final ServiceFixture service = ServiceFixture.development();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void noSessionSurvivesItsLogout() throws Exception {
    ApiClient api = service.api();
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", "pw")).status())
        .isEqualTo(200);
    for (int round = 0; round < ROUNDS; round++) {
      List<String> opened = new ArrayList<>();
      for (int i = 0; i < LOGOUTS; i++) {
        opened.add(logIn(api, "pw"));
      }
      // Each session is logged out twice and read twice, all at once, while others log in.
      List<Integer> statuses =
          Parallel.run(
              4 * LOGOUTS + LOGINS,
              i -> {
                if (i < 2 * LOGOUTS) {
                  return api.delete("/sessions", session(opened.get(i % LOGOUTS))).status();
                }
                if (i < 4 * LOGOUTS) {
                  return api.get("/profile", session(opened.get(i % LOGOUTS))).status();
                }
                return api.postForm("/sessions", Map.of("email", EMAIL, "password", "pw")).status();
              });

      for (int i = 0; i < LOGOUTS; i++) {
        assertThat(List.of(statuses.get(i), statuses.get(i + LOGOUTS)))
            .as("round %d: one of two logouts of a session ends it", round)
            .containsExactlyInAnyOrder(302, 403);
        assertThat(api.get("/profile", session(opened.get(i))).status())
            .as("round %d: a logged-out session", round)
            .isEqualTo(403);
      }
    }
  }

  @Test
  @Timeout(value = 50, unit = TimeUnit.SECONDS)
  void noSessionSurvivesItsLogoutOrAPasswordReset() throws Exception {
    MutableClock clock = service.clock();
    ApiClient api = service.api();
    assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", "pw-0")).status())
        .isEqualTo(200);
    int resets = 0;
    for (int round = 0; round < ROUNDS; round++) {
      // Each round's logins with the old password fail, all from this one address: a new
      // throttle window per round keeps 25 rounds of them under the address's limit of 100, so
      // what is checked here is the race, not the throttle. Nothing of a round outlives it.
      clock.advance(ThrottlePolicy.DEFAULTS.window());
      String oldPassword = "pw-" + round;
      String newPassword = "pw-" + (round + 1);
      List<String> opened = new ArrayList<>();
      for (int i = 0; i < LOGOUTS; i++) {
        opened.add(logIn(api, oldPassword));
      }

      List<Object> outcomes =
          Parallel.run(
              1 + LOGOUTS + LOGINS,
              i -> {
                if (i == 0) {
                  return reset(api, newPassword);
                }
                if (i <= LOGOUTS) {
                  return api.delete("/sessions", session(opened.get(i - 1))).status();
                }
                ApiClient.Reply login =
                    api.postForm("/sessions", Map.of("email", EMAIL, "password", oldPassword));
                return login.status() == 200 ? login.sessionId() : login.status();
              });

      assertThat(outcomes.get(0)).as("round %d: the reset", round).isEqualTo(200);
      resets++;
      for (int i = 1; i <= LOGOUTS; i++) {
        assertThat(outcomes.get(i)).as("round %d: logout %d", round, i).isIn(302, 403);
      }
      List<String> withOldPassword = new ArrayList<>(opened);
      for (Object outcome : outcomes.subList(1 + LOGOUTS, outcomes.size())) {
        if (outcome instanceof String token) {
          withOldPassword.add(token);
        } else {
          assertThat(outcome).as("round %d: a login after the reset", round).isEqualTo(401);
        }
      }
      for (String token : withOldPassword) {
        assertThat(api.get("/profile", session(token)).status())
            .as("round %d: a session logged out or opened with the old password", round)
            .isEqualTo(403);
      }
      String fresh = logIn(api, newPassword);
      assertThat(api.get("/profile", session(fresh)).body()).isEqualTo(Map.of("email", EMAIL));
      assertThat(
              api.postForm("/sessions", Map.of("email", EMAIL, "password", oldPassword)).status())
          .isEqualTo(401);
      assertThat(api.delete("/sessions", session(fresh)).status()).isEqualTo(302);
      assertThat(api.get("/profile", session(fresh)).status()).isEqualTo(403);
    }
    assertThat(resets).isEqualTo(ROUNDS);
  }

  private static String logIn(ApiClient api, String password) {
    ApiClient.Reply reply = api.postForm("/sessions", Map.of("email", EMAIL, "password", password));
    assertThat(reply.status()).isEqualTo(200);
    return reply.sessionId();
  }

  private static int reset(ApiClient api, String newPassword) {
    ApiClient.Reply issued = api.postForm("/reset_password", Map.of("email", EMAIL));
    assertThat(issued.status()).isEqualTo(200);
    String token = issued.json().get("reset_token").asText();
    return api.sendForm(
            "PUT",
            "/reset_password",
            Map.of("email", EMAIL, "reset_token", token, "new_password", newPassword))
        .status();
  }
}
