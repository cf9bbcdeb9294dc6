package io.bienvenue.cluster;

import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/nginx-base-path.conf.template} in front of two instances started with {@code
 * --base-path /auth} on one PostgreSQL database: the cases of {@link MountedBehindNginxCases},
 * requests and session checks going round the instances.
 */
@RequiresPostgres
@RequiresNginx
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MountedBehindNginxPostgresTest extends MountedBehindNginxCases {

  @TempDir static Path folder;
  private static TestDatabase database;
  private static Instances instances;
  private static ProtectedApp protectedApp;

  @BeforeAll
  static void startTwoInstancesTheAppAndNginx() throws Exception {
    database = TestDatabase.postgres();
    instances = Instances.start(2, database.location(), SETTINGS);
    protectedApp = ProtectedApp.start(folder, TEMPLATE, instances.ports());
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
}
