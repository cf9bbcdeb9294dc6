package io.bienvenue.cli;

import io.bienvenue.store.SqliteBackups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue restore --from FILE}: puts a checked backup in place of the SQLite database, in
 * one step. Every instance must be stopped first; {@code serve} migrates the restored database if
 * it is older than the code.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a backup made by `backup` and puts it in place of the SQLite database. Stop the"
          + " service first (every instance); --replace to replace an existing database."
    })
final class RestoreCommand implements Callable<Integer> {

  @Mixin DatabaseOption database;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE",
      description = "The backup to restore.")
  Path backup;

  @Option(names = "--replace", description = "Replace the database that is there.")
  boolean replace;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SqliteBackups.Report report = SqliteBackups.restore(backup, database.location, replace);
    spec.commandLine()
        .getOut()
        .printf(
            "restored %s from %s: schema version %s, %d user%s, integrity ok%n",
            report.file(),
            backup,
            report.schemaVersion(),
            report.users(),
            report.users() == 1 ? "" : "s");
    return 0;
  }
}
