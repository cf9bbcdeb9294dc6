package io.bienvenue.cli;

import io.bienvenue.store.Database;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue migrate}: brings the database schema up to date and exits, for deploy pipelines
 * that migrate before starting new instances. {@code serve} migrates at start too; both are safe to
 * run from many places at once (Flyway locks the schema while it migrates).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Creates or upgrades the database schema, then exits.")
final class MigrateCommand implements Callable<Integer> {

  @Mixin DatabaseOption database;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Database opened = Database.open(database.location, 1)) {
      spec.commandLine()
          .getOut()
          .printf(
              "%s database at schema version %s (%d migration%s applied now)%n",
              opened.dialect().name().toLowerCase(Locale.ROOT),
              opened.schemaVersion(),
              opened.migrationsApplied(),
              opened.migrationsApplied() == 1 ? "" : "s");
    }
    return 0;
  }
}
