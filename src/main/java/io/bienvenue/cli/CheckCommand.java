package io.bienvenue.cli;

import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.Mailer;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.SecretKeys;
import io.bienvenue.store.Database;
import io.bienvenue.store.WebhookEndpointStore;
import io.bienvenue.webhooks.WebhookEndpoints;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue check}: what {@code serve} would check before starting, without starting, for
 * deploy pipelines. The configuration is valid, the secrets key is there and its owner's alone (in
 * production), the database answers (its schema version and any pending migrations are printed;
 * nothing is migrated), and in production the SMTP server answers.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the configuration (the options and variables of serve), the secrets key, that the"
          + " database answers, and in production that the SMTP server answers. Changes nothing.",
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
    out.println(secretsKey(config));
    Database.Status database = Database.inspect(config.database());
    String dialect = database.dialect().name().toLowerCase(Locale.ROOT);
    if (database.isEmpty()) {
      // Checking changes nothing: a missing database is reported, not created.
      out.printf(
          "database: none there yet (%s; serve or migrate creates it, with %d migrations)%n",
          dialect, database.pendingMigrations());
    } else {
      out.printf(
          "database: ok (%s, schema version %s, %d pending migration%s)%n",
          dialect,
          database.schemaVersion(),
          database.pendingMigrations(),
          database.pendingMigrations() == 1 ? "" : "s");
    }
    if (config.isProduction() && !database.isEmpty() && database.pendingMigrations() == 0) {
      webhookWarnings(config).forEach(out::println);
    }
    if (config.production().isPresent()) {
      ProductionSettings production = config.production().get();
      new Mailer(production.smtp(), Clock.systemUTC()).checkReachable();
      out.printf("smtp: ok (%s)%n", production.smtp().address());
    }
    return 0;
  }

  /**
   * The endpoints production delivers nothing to, by the plain-http rule: a warning each, {@code
   * webhooks: warning: ...}, which changes no exit status. Read without migrating.
   */
  private static List<String> webhookWarnings(Config config) {
    try (Database database = Database.connect(config.database(), 1, new CompositeMeterRegistry())) {
      return new WebhookEndpoints(
              new WebhookEndpointStore(database.jdbi()),
              SecretBox.withoutKeys("check opens no webhook secret"),
              new SecureRandom(),
              Clock.systemUTC())
          .plainHttpWarnings(config.webhooks(), true).stream()
              .map(warning -> "webhooks: warning: " + warning)
              .toList();
    }
  }

  /**
   * What {@code serve} will seal with: the keys given, read and checked as {@code serve} reads
   * them, or in development the key file it will use (generated then if missing; not here).
   */
  private static String secretsKey(Config config) {
    KeySource source = config.secretsKey();
    if (source.equals(KeySource.NONE) && !config.isProduction()) {
      return SecretKeys.developmentFile(config.database())
          .map(
              f ->
                  "secrets key: none given; serve uses "
                      + f
                      + (Files.exists(f) ? "" : ", made then"))
          .orElse("secrets key: none given; serve keeps one in memory with the in-memory database");
    }
    SecretKeys keys =
        SecretKeys.load(source, config.database(), config.isProduction(), new SecureRandom());
    return String.format(
        Locale.ROOT,
        "secrets key: ok (%d key%s, sealing with %s)",
        keys.size(),
        keys.size() == 1 ? "" : "s",
        keys.sealingKeyId());
  }
}
