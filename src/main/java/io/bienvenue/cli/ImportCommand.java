package io.bienvenue.cli;

import picocli.CommandLine.Command;

/**
 * {@code bienvenue import}: brings users from another system into Bienvenue's database, each with
 * the bcrypt hash it already has, so they log in with the passwords they already have. The work is
 * in the subcommands, one per kind of source.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports users with their bcrypt password hashes, so they keep their passwords.",
      "The whole import is one transaction; rows that cannot be imported are skipped and"
          + " listed. Exit status 0 even when rows were skipped (the report lists them), 1 when"
          + " the source or the database cannot be read or written (nothing is imported then)."
    },
    subcommands = {ImportOriginalCommand.class, ImportCsvCommand.class})
final class ImportCommand {}
