package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.store.Database;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bienvenue serve} on SQLite is killed with SIGKILL in the middle of a burst of
 * registrations and password resets, then started again on the same file: every request that got a
 * 200 is there (the user exists; the new password logs in and the old one does not), and the file
 * passes {@code PRAGMA integrity_check}. What makes it true is the database's settings: WAL journal
 * with {@code synchronous=FULL}, so a commit is on disk before the answer is sent.
 */
class KillDuringWritesTest {

  private static final int RESET_ACCOUNTS = 24;

  @TempDir Path folder;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyAnsweredRegistrationAndResetSurvivesSigkill() throws Exception {
    Path file = folder.resolve("killed.db");
    int port = ServiceProcess.freePort();
    ServiceProcess first = serve(port, file);
    ApiClient api = first.client();
    for (int i = 0; i < RESET_ACCOUNTS; i++) {
      assertThat(api.postForm("/users", Map.of("email", resetEmail(i), "password", "old")).status())
          .isEqualTo(200);
    }

    List<String> registered = new ArrayList<>();
    Map<Integer, Boolean> resets = new ConcurrentHashMap<>(); // true: got a 200
    AtomicInteger acknowledged = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    ExecutorService burst = Executors.newFixedThreadPool(6);
    for (int t = 0; t < 6; t++) {
      int thread = t;
      burst.submit(
          () -> {
            for (int n = 0; ; n++) {
              try {
                if (thread % 2 == 0) {
                  String email = "burst" + thread + "-" + n + "@example.org";
                  if (api.postForm("/users", Map.of("email", email, "password", "x")).status()
                      == 200) {
                    synchronized (registered) {
                      registered.add(email);
                    }
                  }
                } else {
                  int account = (thread / 2) + 3 * n;
                  if (account >= RESET_ACCOUNTS) {
                    return;
                  }
                  resets.put(account, false);
                  if (reset(api, account)) {
                    resets.put(account, true);
                  }
                }
              } catch (UncheckedIOException killed) {
                return;
              }
              if (acknowledged.incrementAndGet() >= 40) {
                enough.countDown();
              }
            }
          });
    }
    assertThat(enough.await(40, TimeUnit.SECONDS)).as("the burst got going").isTrue();
    first.kill(); // with requests in flight
    burst.shutdown();
    assertThat(burst.awaitTermination(40, TimeUnit.SECONDS)).isTrue();

    try (ServiceProcess second = serve(port, file)) {
      synchronized (registered) {
        assertThat(registered).as("registrations answered before the kill").isNotEmpty();
        for (String email : registered) {
          assertThat(api.postForm("/sessions", Map.of("email", email, "password", "x")).status())
              .as("%s got a 200 at registration", email)
              .isEqualTo(200);
        }
      }
      assertThat(resets.containsValue(true)).as("resets answered before the kill").isTrue();
      for (var reset : resets.entrySet()) {
        String email = resetEmail(reset.getKey());
        int withNew = logIn(api, email, "new");
        int withOld = logIn(api, email, "old");
        if (reset.getValue()) {
          assertThat(List.of(withNew, withOld))
              .as("%s's reset got a 200", email)
              .containsExactly(200, 401);
        } else {
          // Cut short by the kill: either password, never both nor neither.
          assertThat(List.of(withNew, withOld)).as(email).containsExactlyInAnyOrder(200, 401);
        }
      }
      second.stop();
    }
    try (Database reopened = Database.open(file.toString(), 1)) {
      String integrity =
          reopened
              .jdbi()
              .withHandle(h -> h.createQuery("PRAGMA integrity_check").mapTo(String.class).one());
      assertThat(integrity).isEqualTo("ok");
    }
  }

  private static boolean reset(ApiClient api, int account) {
    ApiClient.Reply issued = api.postForm("/reset_password", Map.of("email", resetEmail(account)));
    if (issued.status() != 200) {
      return false;
    }
    String token = issued.json().get("reset_token").asText();
    return api.sendForm(
                "PUT",
                "/reset_password",
                Map.of("email", resetEmail(account), "reset_token", token, "new_password", "new"))
            .status()
        == 200;
  }

  private static int logIn(ApiClient api, String email, String password) {
    return api.postForm("/sessions", Map.of("email", email, "password", password)).status();
  }

  private static String resetEmail(int account) {
    return "reset" + account + "@example.org";
  }

  /**
   * Starts {@code bienvenue serve} on {@code port} and {@code database} and waits until it listens:
   * the same port both times, so the client outlives the kill.
   */
  private static ServiceProcess serve(int port, Path database)
      throws IOException, InterruptedException {
    ServiceProcess service =
        ServiceProcess.start(
            "serve", database.toString(), Map.of("BIENVENUE_PORT", Integer.toString(port)));
    service.awaitListening(Duration.ofMinutes(1));
    return service;
  }
}
