package io.bienvenue.cli;

import picocli.CommandLine.Option;

/** The {@code --database} option, shared by every command that opens the database. */
final class DatabaseOption {

  @Option(
      names = "--database",
      description =
          "SQLite file path (created if new), a jdbc:sqlite: URL, or a PostgreSQL URL"
              + " (postgresql://user:password@host:5432/db or jdbc:postgresql:...)."
              + " Env: BIENVENUE_DATABASE. Default: ${DEFAULT-VALUE}.")
  String location;
}
