package io.bienvenue.http;

import static io.bienvenue.testing.ApiClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.bienvenue.config.Config;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.Authenticator;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Nothing secret (password, token, hash, the secrets key) reaches the logs during a full scenario.
 */
class LogSecrecyTest {

  @TempDir Path folder;

  @Test
  void aFullScenarioLogsNoPasswordTokenOrHash() throws IOException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.bienvenue");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.INFO);
    ours.setLevel(Level.TRACE);
    List<String> secrets = new ArrayList<>();
    MutableClock clock = MutableClock.startingNow();
    // No key given: development generates one beside the database, and logs where, not what.
    Path database = folder.resolve("service.db");
    Config config =
        ConfigBuilder.development(database.toString()).secretsKey(KeySource.NONE).build();
    try (RunningService running = new RunningService(config, clock)) {
      secrets.add(Files.readString(folder.resolve("service.db.key")).strip());
      ApiClient api = running.client;
      String email = "secret-keeper@example.org";
      secrets.add("first-Passw0rd!");
      secrets.add("second-Passw0rd!");
      api.postForm("/users", Map.of("email", email, "password", secrets.get(0)));
      api.postForm("/sessions", Map.of("email", email, "password", "wrong-Passw0rd!"));
      secrets.add("wrong-Passw0rd!");
      String token =
          api.postForm("/sessions", Map.of("email", email, "password", secrets.get(0))).sessionId();
      secrets.add(token);
      api.get("/profile", session(token));
      api.get("/ui/login?return_to=%2Fui%2Fprofile", session(token));
      String resetToken =
          api.postForm("/reset_password", Map.of("email", email))
              .body()
              .get("reset_token")
              .toString();
      secrets.add(resetToken);
      api.sendForm(
          "PUT",
          "/reset_password",
          Map.of("email", email, "reset_token", resetToken, "new_password", secrets.get(1)));
      api.sendJson("POST", "/sessions", "{\"email\": \"" + email + "\", \"password\": 5}");
      api.send("POST", "/users", "text/plain", "password=" + secrets.get(1));
      api.postForm("/users", Map.of("email", email, "password", "p".repeat(100_000)));
      String second =
          api.postForm("/sessions", Map.of("email", email, "password", secrets.get(1))).sessionId();
      secrets.add(second);
      String bearer =
          api.postForm("/sessions/token", Map.of("email", email, "password", secrets.get(1)))
              .json()
              .path("session_token")
              .asText();
      secrets.add(bearer);
      api.get("/sessions/whoami", "Authorization", "Bearer " + bearer);
      api.get("/sessions/whoami", "Authorization", "Bearer " + bearer + "x");
      api.delete("/sessions", "Authorization", "Bearer " + bearer);
      secrets.add("third-Passw0rd!");
      api.sendForm(
          "PUT",
          "/profile/password",
          Map.of("current_password", secrets.get(1), "new_password", "third-Passw0rd!"),
          session(second));
      api.get("/sessions", session(second));
      String secret =
          api.postForm("/profile/totp", Map.of("password", "third-Passw0rd!"), session(second))
              .json()
              .path("secret")
              .asText();
      secrets.add(secret);
      ApiClient.Reply confirmed =
          api.sendForm(
              "PUT",
              "/profile/totp",
              Map.of("code", Authenticator.code(secret, clock.instant())),
              session(second));
      confirmed.json().path("recovery_codes").forEach(code -> secrets.add(code.asText()));
      String recovery = secrets.get(secrets.size() - 1);
      api.postForm(
          "/sessions", Map.of("email", email, "password", "third-Passw0rd!", "otp", recovery));
      api.delete("/sessions", session(second));
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
      ours.setLevel(ourLevel);
    }

    StringBuilder logged = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      logged.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    assertThat(captured.list).as("the scenario logged something to check").isNotEmpty();
    for (String secret : secrets) {
      assertThat(logged.toString()).doesNotContain(secret);
    }
    assertThat(logged.toString()).doesNotContain("$2b$").doesNotContain("$2a$");
    assertThat(logged.toString())
        .as("the key file was generated and said so")
        .contains("generated the secrets key file " + database.toAbsolutePath() + ".key");
    assertThat(logged.toString())
        .as("the audit trail is there, with user ids")
        .contains("event=registered user_id=1")
        .contains("event=login_failed user_id=1")
        .contains("event=logged_in user_id=1")
        .contains("event=reset_requested user_id=1")
        .contains("event=password_changed user_id=1")
        .contains("event=logged_out user_id=1");
  }
}
