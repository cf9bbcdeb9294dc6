package io.bienvenue.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code bienvenue} commands in-process and keeps what they print, run after run. */
final class Cli {

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** Runs the command line {@code args} as {@code ./bienvenue} would; returns its exit status. */
  int run(String... args) {
    CommandLine commandLine = BienvenueCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Everything printed on standard output so far. */
  String out() {
    return out.toString();
  }

  /** Everything printed on standard error so far. */
  String err() {
    return err.toString();
  }

  /** Forgets what was printed so far. */
  void clear() {
    out = new StringWriter();
    err = new StringWriter();
  }
}
