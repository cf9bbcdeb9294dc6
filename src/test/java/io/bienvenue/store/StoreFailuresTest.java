package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class StoreFailuresTest {

  @Test
  void connectionFailuresAnywhereInTheCauseChainAreOutages() {
    assertThat(StoreFailures.isOutage(new SQLTransientConnectionException("pool timed out")))
        .isTrue();
    assertThat(StoreFailures.isOutage(new RuntimeException(new SQLException("refused", "08001"))))
        .isTrue();
    assertThat(StoreFailures.isOutage(new SQLException("terminating connection", "57P01")))
        .isTrue();
  }

  @Test
  void aLockedSqliteFileIsAnOutage() {
    assertThat(
            StoreFailures.isOutage(
                new RuntimeException(
                    new SQLiteException("locked", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT))))
        .isTrue();
    assertThat(StoreFailures.isOutage(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))
        .isTrue();
    assertThat(
            StoreFailures.isOutage(
                new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE)))
        .isTrue();
    assertThat(
            StoreFailures.isOutage(
                new SQLiteException("unique", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)))
        .isFalse();
  }

  @Test
  void aFullDiskIsAnOutageOnEitherDatabase() {
    assertThat(StoreFailures.isOutage(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL)))
        .isTrue();
    assertThat(
            StoreFailures.isOutage(
                new IllegalStateException(new SQLException("could not extend file", "53100"))))
        .isTrue();
    assertThat(StoreFailures.isOutage(new SQLException("too many connections", "53300"))).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StoreFailures.isOutage(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(StoreFailures.isOutage(new SQLException("unique violation", "23505"))).isFalse();
    assertThat(StoreFailures.isOutage(new IllegalStateException("a bug"))).isFalse();
  }
}
