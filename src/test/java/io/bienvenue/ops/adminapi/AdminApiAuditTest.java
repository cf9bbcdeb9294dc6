package io.bienvenue.ops.adminapi;

import static io.bienvenue.testing.AdminKeyFixture.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.bienvenue.testing.AdminKeyFixture;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RunningService;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The admin API's audit trail: every action is one {@code bienvenue.audit} line with the key's name
 * and the user's public id, and no log line ever holds a key, sent right, wrong or in a URL.
 */
class AdminApiAuditTest {

  @TempDir Path folder;

  @Test
  void everyActionIsAuditedWithTheKeysNameAndNoKeyIsEverLogged() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.bienvenue");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.INFO);
    ours.setLevel(Level.TRACE);
    String key;
    String id;
    try (RunningService running = new RunningService(folder, Clock.systemUTC())) {
      ApiClient admin = ApiClient.admin("http://127.0.0.1:" + running.service.adminPort());
      key = AdminKeyFixture.add(folder.resolve("service.db").toString(), "audited-console");
      id =
          admin
              .sendJson(
                  "POST",
                  "/admin/v1/users",
                  "{\"email\": \"ada@example.org\", \"password\": \"pwd-of-ada\"}",
                  bearer(key))
              .json()
              .at("/user/id")
              .asText();
      admin.post("/admin/v1/users/" + id + "/disable", bearer(key));
      admin.get("/admin/v1/users?access_token=" + key);
      admin.get("/admin/v1/users", bearer(key + "x"));
      admin.get("/admin/v1/users", bearer(key.replace('A', 'B').replace('a', 'A')));
      admin.delete("/admin/v1/users/" + id, bearer(key));
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
    assertThat(logged.toString())
        .contains(
            "event=admin_action action=create_user admin_key=audited-console user=" + id,
            "event=admin_action action=disable_user admin_key=audited-console user=" + id,
            "event=admin_action action=delete_user admin_key=audited-console user=" + id,
            "event=admin_key_refused")
        .doesNotContain(key)
        .doesNotContain(key.substring("bvadm_".length()))
        .doesNotContain("bvadm_");
  }
}
