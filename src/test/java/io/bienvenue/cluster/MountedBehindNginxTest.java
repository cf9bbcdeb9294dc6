package io.bienvenue.cluster;

import io.bienvenue.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/nginx-base-path.conf.template} with the machine's nginx in front of one {@code
 * bienvenue serve --base-path /auth} on SQLite and an {@link EchoApp}: the cases of {@link
 * MountedBehindNginxCases}.
 */
@RequiresNginx
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MountedBehindNginxTest extends MountedBehindNginxCases {

  @TempDir static Path folder;
  private static Instances instance;
  private static ProtectedApp protectedApp;

  @BeforeAll
  static void startOneInstanceTheAppAndNginx() throws Exception {
    instance = Instances.start(1, TestDatabase.sqlite(folder).location(), SETTINGS);
    protectedApp = ProtectedApp.start(folder, TEMPLATE, instance.ports());
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (protectedApp != null) {
        protectedApp.close();
      }
    } finally {
      if (instance != null) {
        instance.close();
      }
    }
  }

  @Override
  ProtectedApp protectedApp() {
    return protectedApp;
  }
}
