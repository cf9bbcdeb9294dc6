package io.bienvenue.store;

/** The database engines Bienvenue runs on, and where each one's migrations live. */
public enum Dialect {
  /** Embedded, one file: the default. */
  SQLITE("classpath:db/migration/sqlite"),
  /** A server that several instances share. */
  POSTGRESQL("classpath:db/migration/postgresql");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  String migrations() {
    return migrations;
  }
}
