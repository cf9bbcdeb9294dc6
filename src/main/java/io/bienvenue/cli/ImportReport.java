package io.bienvenue.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * What an import did: how many users it imported and which rows it skipped, in source order.
 *
 * @param imported the users written (or that would be, in a dry run)
 * @param skipped the rows left out, each with its reason
 * @param dryRun whether nothing was written
 */
record ImportReport(int imported, List<ImportSkip> skipped, boolean dryRun) {

  ImportReport {
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
  }

  /**
   * Prints the summary line, {@code imported 3 users, skipped 2 rows} (in a dry run {@code dry run,
   * nothing written: would import 3 users, skipped 2 rows}), then one line per skipped row.
   */
  void print(PrintWriter out) {
    out.printf(
        "%s %d user%s, skipped %d row%s%n",
        dryRun ? "dry run, nothing written: would import" : "imported",
        imported,
        imported == 1 ? "" : "s",
        skipped.size(),
        skipped.size() == 1 ? "" : "s");
    skipped.forEach(out::println);
    out.flush();
  }
}
