package io.bienvenue.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bienvenue} command and its subcommands. Exit statuses: 0 success, 1 the command failed
 * (one line on standard error says why), 2 the command line is wrong.
 */
@Command(
    name = "bienvenue",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A small, self-hosted user authentication service.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      UserCommand.class,
      SessionsCommand.class,
      CheckCommand.class,
      CalibrateCommand.class,
      ImportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed", "2:wrong command line"})
public final class BienvenueCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Parses {@code args}, runs the command they name, and returns its exit status. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, ready to execute: a failure prints one line, never a stack trace. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BienvenueCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("bienvenue: " + e.getMessage());
          return 1;
        });
    return commandLine;
  }

  /** With no subcommand, prints the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
