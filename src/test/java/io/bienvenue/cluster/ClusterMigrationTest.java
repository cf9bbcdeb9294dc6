package io.bienvenue.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.RequiresPostgres;
import io.bienvenue.testing.ServiceProcess;
import io.bienvenue.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Instances started at once on an empty PostgreSQL database: Flyway's lock lets one migrate. */
@RequiresPostgres
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterMigrationTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration/postgresql");
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  @Test
  void threeInstancesStartedAtOnceOnAnEmptyDatabaseMigrateItExactlyOnceAndAllServe()
      throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      ClusterDatabase tables = new ClusterDatabase(database.location());
      assertThat(tables.hasTables()).as("the database starts empty").isFalse();

      try (Instances instances = Instances.start(3, database.location())) {

        assertThat(tables.migrationHistory())
            .as("each migration applied once, none failed")
            .isEqualTo(eachVersionOnce());
        ApiClient a = instances.client(0);
        assertThat(ClusterTest.register(a, "migrated@example.org", "m1grated").status())
            .isEqualTo(200);
        for (ServiceProcess instance : instances.all()) {
          assertThat(ClusterTest.logIn(instance.client(), "migrated@example.org", "m1grated"))
              .as("a login on %s", instance)
              .extracting(ApiClient.Reply::status)
              .isEqualTo(200);
        }
      }
    }
  }

  /** One row per migration file in the PostgreSQL folder, by version. */
  private static Map<String, Long> eachVersionOnce() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      files.forEach(
          file -> {
            Matcher name = VERSION.matcher(file.getFileName().toString());
            if (name.matches()) {
              expected.put(name.group(1), 1L);
            }
          });
    }
    assertThat(expected).as("migration files in %s", MIGRATIONS).isNotEmpty();
    return expected;
  }
}
