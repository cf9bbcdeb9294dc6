package io.bienvenue.importing;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * What an import did: how many users it imported (or would have, in a dry run) and which rows it
 * skipped, each with its reason, in source order. Immutable.
 */
public final class ImportReport {

  private final int imported;
  private final List<ImportSkip> skipped;
  private final boolean dryRun;

  ImportReport(int imported, List<ImportSkip> skipped, boolean dryRun) {
    this.imported = imported;
    this.skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    this.dryRun = dryRun;
  }

  /**
   * Prints the summary line, {@code imported 3 users, skipped 2 rows} (in a dry run {@code dry run,
   * nothing written: would import 3 users, skipped 2 rows}), then one line per skipped row.
   */
  public void print(PrintWriter out) {
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
