package io.bienvenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.store.Database;
import io.bienvenue.testing.ConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition root's start: the admin listener starts beside the database, and the migration
 * beside the service's assembly; a failure in any leaves nothing open.
 */
class BienvenueTest {

  @TempDir Path folder;

  private Config config(int adminPort) {
    return ConfigBuilder.development(folder.resolve("service.db").toString())
        .admin(new AdminListener("127.0.0.1", adminPort))
        .build();
  }

  @Test
  void anAdminPortInUseFailsTheStartAndLeavesNothingOpen() throws IOException {
    int adminPort;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      adminPort = taken.getLocalPort();
      assertThatThrownBy(() -> Bienvenue.start(config(adminPort), Clock.systemUTC()))
          .isInstanceOf(RuntimeException.class);
    }
    // The database was closed again: the same file opens for a service that starts.
    try (Bienvenue service = Bienvenue.start(config(adminPort), Clock.systemUTC())) {
      assertThat(service.adminPort()).isEqualTo(adminPort);
    }
  }

  @Test
  void anUnusableDatabaseFailsTheStartAndFreesTheAdminPort() throws IOException {
    int adminPort = freePort();
    Config unreachable =
        ConfigBuilder.from(config(adminPort))
            .database("postgresql://nobody:secret@127.0.0.1:1/none")
            .build();

    assertThatThrownBy(() -> Bienvenue.start(unreachable, Clock.systemUTC()))
        .isInstanceOf(RuntimeException.class)
        .hasMessageNotContaining("secret");
    try (Bienvenue service = Bienvenue.start(config(adminPort), Clock.systemUTC())) {
      assertThat(service.adminPort()).isEqualTo(adminPort);
    }
  }

  @Test
  void aMigrationThatFailsFailsTheStartWithItsCauseAndFreesTheAdminPort() throws IOException {
    String file = folder.resolve("service.db").toString();
    try (Database database = Database.open(file, 2)) {
      // An applied migration whose file changed since: Flyway refuses to go on.
      database
          .jdbi()
          .useHandle(
              h -> h.execute("UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'"));
    }
    int adminPort = freePort();

    assertThatThrownBy(() -> Bienvenue.start(config(adminPort), Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot migrate the database")
        .hasMessageContaining("checksum mismatch");
    try (ServerSocket again = new ServerSocket(adminPort, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(adminPort);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
