package io.bienvenue.cluster;

import static io.bienvenue.cluster.ClusterTest.logIn;
import static io.bienvenue.cluster.ClusterTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/nginx-auth-request.conf.template} in front of three instances on one PostgreSQL
 * database: the cases of {@link ForwardAuthCases}, each request to Bienvenue and each session check
 * going round the instances, and a session opened on one instance and ended on another.
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForwardAuthClusterTest extends ForwardAuthCases {

  @TempDir static Path folder;
  private static TestDatabase database;
  private static Instances instances;
  private static ProtectedApp protectedApp;

  @BeforeAll
  static void startThreeInstancesTheAppAndNginx() throws Exception {
    database = TestDatabase.postgres();
    instances = Instances.start(3, database.location());
    protectedApp = ProtectedApp.start(folder, instances.ports());
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (protectedApp != null) {
        protectedApp.close();
      }
    } finally {
      try {
        if (instances != null) {
          instances.close();
        }
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  @Override
  ProtectedApp protectedApp() {
    return protectedApp;
  }

  @Test
  void aSessionOpenedOnOneInstanceOpensTheAppAndALogoutOnAnotherClosesItEverywhere() {
    String email = "spread@example.org";
    assertThat(register(instances.client(0), email, "spr3ad").status()).isEqualTo(200);
    Reply login = logIn(instances.client(1), email, "spr3ad");
    assertThat(login.status()).isEqualTo(200);
    String[] cookie = login.sessionCookie();
    String id = instances.client(2).get("/sessions/whoami", cookie).json().at("/user/id").asText();

    // Three requests: nginx's round robin sends one session check to each instance.
    for (int i = 0; i < 3; i++) {
      assertThat(nginx().get("/app/report/" + i, cookie).status())
          .as("request %d", i)
          .isEqualTo(200);
      assertThat(app().last().values("X-Bienvenue-User-Id"))
          .as("request %d", i)
          .containsExactly(id);
    }
    assertThat(instances.client(2).delete("/sessions", cookie).status()).isEqualTo(302);

    int before = app().received().size();
    for (int i = 0; i < 3; i++) {
      assertThat(nginx().get("/app/report/" + i, cookie).status())
          .as("request %d", i)
          .isEqualTo(302);
    }
    assertThat(app().received()).as("requests the app received").hasSize(before);
  }
}
