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
 * {@code bienvenue backup --to FILE}: an online, consistent copy of the SQLite database while the
 * service serves, checked before it is called good. PostgreSQL has its own tools, which the refusal
 * names.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copies the SQLite database into a new file while the service serves (VACUUM INTO), then"
          + " checks the copy. The secrets key is not in it: keep the key with your backups,"
          + " stored apart. For PostgreSQL, use pg_dump."
    })
final class BackupCommand implements Callable<Integer> {

  @Mixin DatabaseOption database;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The new file to write; an existing file is never overwritten.")
  Path target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SqliteBackups.Report report = SqliteBackups.backup(database.location, target);
    spec.commandLine()
        .getOut()
        .printf(
            "backed up to %s: %d bytes, schema version %s, %d user%s, integrity ok%n"
                + "the secrets key is not in the backup: keep it (the database's .key file, or"
                + " the --secrets-key-file) with your backups, stored apart%n",
            report.file(),
            report.bytes(),
            report.schemaVersion(),
            report.users(),
            report.users() == 1 ? "" : "s");
    return 0;
  }
}
