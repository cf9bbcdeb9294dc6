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

/** {@code bienvenue import csv}: imports {@code email,bcrypt_hash} rows from any other system. */
@Command(
    name = "csv",
    mixinStandardHelpOptions = true,
    description = {
      "Imports users from a UTF-8 CSV file of email,bcrypt_hash rows ($2a$, $2b$ or $2y$"
          + " hashes), each hash unchanged. A header row email,hashed_password or"
          + " email,bcrypt_hash is skipped; fields may be quoted.",
      "Prints 'imported N users, skipped M rows', then one line per skipped row"
          + " ('line 9: malformed bcrypt hash')."
    },
    sortOptions = false)
final class ImportCsvCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
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
    Importer.fromCsv(source, database.location, dryRun, cap.maxCost)
        .print(spec.commandLine().getOut());
    return 0;
  }
}
