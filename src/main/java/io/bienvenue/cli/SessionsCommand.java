package io.bienvenue.cli;

import io.bienvenue.Administration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bienvenue sessions ...}: an operator's commands for login sessions. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Ends login sessions.")
final class SessionsCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Ends every session of a user: they must log in again on every device.")
  int revoke(
      @Mixin DatabaseOption database,
      @Option(
              names = "--user",
              required = true,
              paramLabel = "EMAIL",
              description = "Whose sessions.")
          String email) {
    try (Administration admin = UserCommand.open(database)) {
      int ended = admin.users().revokeSessions(email);
      spec.commandLine()
          .getOut()
          .printf("ended %d session%s of %s%n", ended, ended == 1 ? "" : "s", email);
    }
    return 0;
  }
}
