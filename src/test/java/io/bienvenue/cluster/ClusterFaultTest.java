package io.bienvenue.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.cluster.RegistrationLoad.Outcome;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestDatabase;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of three instances behind nginx loses an instance, or its database, while it serves:
 * nothing acknowledged is lost, and service goes on (SPEC §4: one can be killed at any time).
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFaultTest {

  private static final Duration LOAD_END = Duration.ofSeconds(60);
  private static final Duration OUTAGE_ANSWER = Duration.ofSeconds(15);
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final Duration RECOVERY_POLL = Duration.ofMillis(200);

  @TempDir Path folder;
  private TestDatabase database;
  private Cluster cluster;
  private boolean postgresStopped;

  @BeforeEach
  void startThreeInstancesBehindNginx() throws Exception {
    database = TestDatabase.postgres();
    cluster = Cluster.start(3, database.location(), folder);
  }

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (postgresStopped) {
        PostgresControl.start();
      }
    } finally {
      try {
        if (cluster != null) {
          cluster.close();
        }
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  @Test
  void killingAnInstanceUnderLoadLosesNoAcknowledgedRegistrationAndLaterRequestsSucceed()
      throws Exception {
    ServiceProcess victim = cluster.instances.get(1);
    int firstAfterKill;
    List<Outcome> outcomes;
    try (RegistrationLoad load = RegistrationLoad.start(cluster.viaNginx(), "kill-", 8, 200)) {
      assertThat(load.awaitAnswered(60, LOAD_END)).as("60 answers before the kill").isTrue();

      victim.kill();
      firstAfterKill = load.started();
      outcomes = load.awaitEnd(LOAD_END);
    }

    assertThat(firstAfterKill).as("the kill came while the load ran").isLessThan(150);
    List<Outcome> before = outcomes.subList(0, firstAfterKill);
    List<Outcome> after = outcomes.subList(firstAfterKill, outcomes.size());
    assertThat(outcomes).hasSize(200);
    assertThat(before.stream().filter(o -> o.status() != 200).map(Outcome::status))
        .as("only requests under way on the victim fail, as nginx's 502: a POST is not resent")
        .hasSizeLessThanOrEqualTo(8)
        .containsOnly(502);
    assertThat(after)
        .as("requests started after the kill go to the live instances")
        .allMatch(o -> o.status() == 200, "answered 200");
    List<String> acknowledged =
        outcomes.stream().filter(o -> o.status() == 200).map(Outcome::email).toList();
    assertThat(new ClusterDatabase(database.location()).emailsStartingWith("kill-"))
        .as("the users in the database")
        .containsAll(acknowledged)
        .isSubsetOf(outcomes.stream().map(Outcome::email).toList());
    assertThatThrownBy(() -> victim.client().get("/"))
        .as("the victim is gone")
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  @RequiresPostgresControl
  void whilePostgresIsDownRequestsGetA503AndServiceResumesByItselfWhenItIsBack() throws Exception {
    ApiClient nginx = cluster.viaNginx();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String email = "before-" + i + "@example.org";
      assertThat(ClusterTest.register(nginx, email, "b3fore").status()).isEqualTo(200);
      acknowledged.add(email);
    }

    List<Outcome> load;
    List<TimedReply> duringOutage;
    Reply welcomeDuringOutage;
    try (RegistrationLoad under = RegistrationLoad.start(nginx, "load-", 4, 100_000)) {
      assertThat(under.awaitAnswered(20, LOAD_END)).isTrue();
      postgresStopped = true;
      PostgresControl.stop();

      duringOutage =
          Parallel.run(
              6,
              i ->
                  timed(
                      () ->
                          i < 3
                              ? ClusterTest.register(
                                  nginx, "outage-" + i + "@example.org", "0utage")
                              : ClusterTest.logIn(
                                  cluster.direct(i), "before-0@example.org", "b3fore")));
      welcomeDuringOutage = nginx.get("/");

      PostgresControl.start();
      postgresStopped = false;
      for (ServiceProcess instance : cluster.instances.all()) {
        awaitRegistration(instance.client(), "recovered-" + instance.port());
      }
      load = under.stop(LOAD_END);
    }

    assertThat(duringOutage)
        .as("answers while PostgreSQL is down")
        .allSatisfy(
            timed -> {
              assertThat(timed.reply().status()).isEqualTo(503);
              assertThat(timed.reply().header("Retry-After")).isPresent();
              assertThat(timed.reply().json().path("message").asText()).isNotBlank();
              assertThat(timed.took()).isLessThan(OUTAGE_ANSWER);
            });
    assertThat(welcomeDuringOutage.status()).as("a route that needs no database").isEqualTo(200);
    for (int i = 0; i < 6; i++) {
      String email = "after-" + i + "@example.org";
      assertThat(ClusterTest.register(nginx, email, "aft3r").status())
          .as("registration %d through nginx after the restart", i)
          .isEqualTo(200);
      acknowledged.add(email);
    }
    assertThat(load)
        .as("the load's answers: a success or a 503, never a 500 or a gateway error")
        .allMatch(o -> o.status() == 200 || o.status() == 503, "200 or 503")
        .allMatch(o -> o.took().compareTo(OUTAGE_ANSWER) < 0, "answered within 15 s");
    assertThat(load).as("some load answered 503").anyMatch(o -> o.status() == 503);
    load.stream().filter(o -> o.status() == 200).map(Outcome::email).forEach(acknowledged::add);
    ClusterDatabase users = new ClusterDatabase(database.location());
    List<String> stored = new ArrayList<>();
    for (String prefix : List.of("before-", "load-", "after-")) {
      stored.addAll(users.emailsStartingWith(prefix));
    }
    assertThat(stored).as("users in the database").containsAll(acknowledged);
    assertThat(cluster.instances.all())
        .as("the instances that served before the outage, never restarted")
        .allMatch(ServiceProcess::isAlive, "alive");
  }

  /** A reply and how long it took to come. */
  record TimedReply(Reply reply, Duration took) {}

  private static TimedReply timed(Supplier<Reply> request) {
    long start = System.nanoTime();
    Reply reply = request.get();
    return new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Registers an account on {@code api} again and again until one succeeds.
   *
   * @throws AssertionError listing the statuses seen if none succeeds within {@link #RECOVERY}
   */
  private static void awaitRegistration(ApiClient api, String name) throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    List<Integer> statuses = new ArrayList<>();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      Reply reply =
          api.postForm(
              "/users", Map.of("email", name + "-" + attempt + "@example.org", "password", "x"));
      if (reply.status() == 200) {
        return;
      }
      statuses.add(reply.status());
      Thread.sleep(RECOVERY_POLL.toMillis());
    }
    throw new AssertionError("no registration succeeded within " + RECOVERY + ": " + statuses);
  }
}
