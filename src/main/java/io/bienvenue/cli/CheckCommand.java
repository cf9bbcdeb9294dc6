package io.bienvenue.cli;

import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.Mailer;
import io.bienvenue.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue check}: what {@code serve} would check before starting, without starting, for
 * deploy pipelines. The configuration is valid, the database answers (its schema version and any
 * pending migrations are printed; nothing is migrated), and in production the SMTP server answers.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the configuration (the options and variables of serve), that the database answers,"
          + " and in production that the SMTP server answers. Changes nothing.",
      "Exit status 0 when all is well; 1, with one line saying what is wrong, otherwise."
    },
    sortOptions = false)
final class CheckCommand implements Callable<Integer> {

  @Mixin ServiceOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Config config = options.toConfig();
    out.printf(
        "configuration: ok (%s mode, http://%s:%d%s)%n",
        config.isProduction() ? "production" : "development",
        config.host(),
        config.port(),
        config.basePath().value());
    Database.Status database = Database.inspect(config.database());
    out.printf(
        "database: ok (%s, schema version %s, %d pending migration%s)%n",
        database.dialect().name().toLowerCase(Locale.ROOT),
        database.schemaVersion(),
        database.pendingMigrations(),
        database.pendingMigrations() == 1 ? "" : "s");
    if (config.production().isPresent()) {
      ProductionSettings production = config.production().get();
      new Mailer(production.smtp(), Clock.systemUTC()).checkReachable();
      out.printf("smtp: ok (%s)%n", production.smtp().address());
    }
    return 0;
  }
}
