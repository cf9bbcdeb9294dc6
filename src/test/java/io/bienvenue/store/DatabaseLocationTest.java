package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Credentials are taken out of every PostgreSQL URL shape, and out of any message. */
class DatabaseLocationTest {

  @Test
  void credentialsLeaveTheJdbcUrlWhateverTheShape() {
    DatabaseLocation jdbc = DatabaseLocation.parse("jdbc:postgresql://bob:S3cr3t@db:5433/app");
    DatabaseLocation slash = DatabaseLocation.parse("postgresql://bob:a/b@c?d@db/app?ssl=true");

    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/app");
    assertThat(jdbc.user()).contains("bob");
    assertThat(jdbc.password()).contains("S3cr3t");
    assertThat(slash.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app?ssl=true");
    assertThat(slash.password()).contains("a/b@c?d");
    assertThat(slash.toString()).doesNotContain("a/b");
  }

  @Test
  void aMessageLosesThePasswordWhereverTheDriverPutIt() {
    DatabaseLocation where = DatabaseLocation.parse("postgresql://bob:p%40ss@db/app");

    assertThat(where.scrub("FATAL: no pg_hba.conf entry for bob:p@ss@db, p%40ss"))
        .isEqualTo("FATAL: no pg_hba.conf entry for bob:***@db, ***");
    assertThat(DatabaseLocation.redact("see postgresql://bob:x/y@db/app"))
        .isEqualTo("see postgresql://bob:***@db/app");
    assertThat(DatabaseLocation.parse("jdbc:postgresql://db/app?password=x").password())
        .isEqualTo(Optional.empty());
    assertThat(DatabaseLocation.parse("jdbc:postgresql://db/app?user=a@b").jdbcUrl())
        .as("an @ in a parameter is no login")
        .isEqualTo("jdbc:postgresql://db/app?user=a@b");
  }
}
