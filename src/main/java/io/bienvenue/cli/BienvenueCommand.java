package io.bienvenue.cli;

import io.bienvenue.store.StoreFailures;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed", "2:wrong command line"})
public final class BienvenueCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The subcommands, by name, in the order {@code --help} lists them. They are built on demand:
   * picocli reflects over every option of every command it is given, which took a third of a second
   * of each start when all of them were built for {@code serve} alone.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  /** Parses {@code args}, runs the command they name, and returns its exit status. */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /**
   * The command line, ready to execute: a failure prints one line, never a stack trace. It knows
   * every subcommand, so that it can list them and tell what a mistyped one should have been.
   */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when their first word names a subcommand, only that one is
   * built (it alone can run); otherwise, all of them.
   */
  static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(new BienvenueCommand());
    String first = args.length > 0 ? args[0] : "";
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (!SUBCOMMANDS.containsKey(first) || first.equals(name)) {
            commandLine.addSubcommand(name, command.get());
          }
        });
    // After the subcommands are added: the provider then reaches every one of them.
    commandLine.setDefaultValueProvider(new OptionDefaults());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String why =
              StoreFailures.isLocked(e)
                  ? "the database is busy (locked by another connection), try again: "
                      + e.getMessage()
                  : e.getMessage();
          cmd.getErr().println("bienvenue: " + why);
          return 1;
        });
    return commandLine;
  }

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
    subcommands.put("serve", ServeCommand::new);
    subcommands.put("migrate", MigrateCommand::new);
    subcommands.put("user", UserCommand::new);
    subcommands.put("sessions", SessionsCommand::new);
    subcommands.put("client", ClientCommand::new);
    subcommands.put("keys", KeysCommand::new);
    subcommands.put("webhook", WebhookCommand::new);
    subcommands.put("admin-key", AdminKeyCommand::new);
    subcommands.put("check", CheckCommand::new);
    subcommands.put("calibrate", CalibrateCommand::new);
    subcommands.put("import", ImportCommand::new);
    subcommands.put("backup", BackupCommand::new);
    subcommands.put("restore", RestoreCommand::new);
    return Collections.unmodifiableMap(subcommands);
  }

  /** With no subcommand, prints the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
