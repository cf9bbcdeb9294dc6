package io.bienvenue.cli;

import io.bienvenue.importing.Importer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue import original}: imports the users of the Flask original's SQLite database.
 * Sessions and reset tokens are not carried over: users log in again, and a pending reset must be
 * asked for again.
 */
@Command(
    name = "original",
    mixinStandardHelpOptions = true,
    description = {
      "Imports the users of the original Flask service's SQLite database (its users table:"
          + " email, hashed_password), each with its bcrypt hash unchanged. The file is opened"
          + " read-only. Sessions and reset tokens are not carried over.",
      "Prints 'imported N users, skipped M rows', then one line per skipped row"
          + " ('id 7: duplicate email (already registered)')."
    },
    sortOptions = false)
final class ImportOriginalCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The original's SQLite database file (a.db in its db.py).")
  Path source;

  @Mixin DatabaseOption database;

  @Mixin BcryptCapOption cap;

  @Option(
      names = "--dry-run",
      description = "Check every row and print the report, but write nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Importer.fromOriginal(source, database.location, dryRun, cap.maxCost)
        .print(spec.commandLine().getOut());
    return 0;
  }
}
