package io.bienvenue.cli;

import io.bienvenue.Administration;
import io.bienvenue.auth.PasskeySummary;
import io.bienvenue.auth.UserAdmin;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.user.User;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bienvenue user ...}: an operator's commands for users, on SQLite or PostgreSQL. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description =
        "Adds, lists, shows, disables, enables and deletes users; turns off a lost second factor;"
            + " lists and removes passkeys.")
final class UserCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Registers a user. The password is read from the terminal (asked twice) or, when standard"
            + " input is not a terminal, from its first line: never from the command line.",
        "The production password policy applies with --production (or BIENVENUE_PRODUCTION=true)."
      })
  int add(
      @Mixin DatabaseOption database,
      @Parameters(paramLabel = "EMAIL", description = "The user's email address.") String email,
      @Mixin PasswordOptions passwords) {
    PasswordPolicy policy = passwords.policy();
    String password = readPassword();
    try (Administration admin =
        Administration.open(database.location, passwords.bcryptCost, policy, clock())) {
      User user = admin.auth().registerUser(email, password);
      out().printf("added user %d %s%n", user.id(), user.email());
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists users in id order, a page at a time.")
  int list(
      @Mixin DatabaseOption database,
      @Option(
              names = "--search",
              defaultValue = "",
              description = "Only emails containing this text (any case).")
          String search,
      @Option(names = "--page", defaultValue = "1", description = "Page number, from 1.") int page,
      @Option(names = "--size", defaultValue = "50", description = "Users per page, 1-1000.")
          int size) {
    try (Administration admin = openToRead(database)) {
      UserAdmin.Page found = admin.users().list(search, page, size);
      PrintWriter out = out();
      out.printf("%-8s %-40s %-24s %s%n", "ID", "EMAIL", "CREATED", "STATUS");
      for (User user : found.users()) {
        out.printf(
            "%-8d %-40s %-24s %s%n",
            user.id(), user.email(), user.createdAt(), user.disabled() ? "disabled" : "enabled");
      }
      long pages = Math.max(1, (found.total() + size - 1) / size);
      out.printf(
          "page %d of %d, %d user%s in all%n", page, pages, found.total(), plural(found.total()));
    }
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one user.")
  int show(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    try (Administration admin = openToRead(database)) {
      User user = admin.users().show(email);
      PrintWriter out = out();
      out.printf("id:         %d%n", user.id());
      out.printf("email:      %s%n", user.email());
      out.printf("created:    %s%n", user.createdAt());
      out.printf(
          "status:     %s%n",
          user.disabledAt().map(at -> "disabled since " + at).orElse("enabled"));
      out.printf(
          "verified:   %s%n",
          user.emailVerifiedAt().map(at -> "since " + at).orElse("no: logins wait for it"));
      out.printf(
          "reset:      %s%n",
          user.resetTokenExpiresAt().map(at -> "token pending until " + at).orElse("none pending"));
    }
    return 0;
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Stops a user from logging in, and ends every session of theirs.")
  int disable(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    return onUsers(
        database,
        users -> {
          int ended = users.disable(email);
          return "disabled %s; ended %d session%s".formatted(email, ended, plural(ended));
        });
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Lets a user log in again.")
  int enable(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    return onUsers(
        database,
        users -> {
          users.enable(email);
          return "enabled " + email;
        });
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Marks a user's email as verified, as the link in the verification mail does (for a mail"
            + " that went astray): with --require-verified-email, they can log in."
      })
  int verify(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    return onUsers(
        database,
        users ->
            (users.verifyEmail(email) ? "verified %s" : "%s was already verified")
                .formatted(email));
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a user and their sessions; the email can register again.")
  int delete(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    return onUsers(
        database,
        users -> {
          users.delete(email);
          return "deleted " + email;
        });
  }

  @Command(
      name = "totp-reset",
      mixinStandardHelpOptions = true,
      description = {
        "Turns off a user's two-factor login (for a lost phone), with its recovery codes, and ends"
            + " every session of theirs: they log in with their password alone, and may enrol again."
      })
  int totpReset(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    return onUsers(
        database,
        users -> {
          UserAdmin.TotpReset reset = users.resetTotp(email);
          int ended = reset.sessionsEnded();
          return "%s %s; ended %d session%s"
              .formatted(
                  reset.hadSecondFactor()
                      ? "turned off two-factor login of"
                      : "no second factor for",
                  email,
                  ended,
                  plural(ended));
        });
  }

  @Command(
      name = "passkeys",
      mixinStandardHelpOptions = true,
      description =
          "Prints a user's passkeys as a JSON array, oldest first: id, name, created_at,"
              + " last_used_at (null if never used); never key material.")
  int passkeys(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL") String email) {
    try (Administration admin = openToRead(database)) {
      JsonOutput.print(
          out(), admin.users().passkeys(email).stream().map(UserCommand::json).toList());
    }
    return 0;
  }

  @Command(
      name = "passkey-remove",
      mixinStandardHelpOptions = true,
      description =
          "Removes one passkey of a user (a lost or stolen device), by the id `user passkeys`"
              + " prints; no password is asked.")
  int passkeyRemove(
      @Mixin DatabaseOption database,
      @Parameters(index = "0", paramLabel = "EMAIL") String email,
      @Parameters(index = "1", paramLabel = "ID", description = "The passkey's id.") String id) {
    return onUsers(
        database,
        users -> {
          users.removePasskey(email, id);
          return "removed passkey %s of %s".formatted(id, email);
        });
  }

  /** The JSON of {@code passkey}: what its owner is shown of it. */
  private static Map<String, Object> json(PasskeySummary passkey) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", passkey.id());
    json.put("name", passkey.name());
    json.put("created_at", passkey.createdAt().toString());
    json.put("last_used_at", passkey.lastUsedAt().map(Object::toString).orElse(null));
    return json;
  }

  /**
   * Opens the database, does {@code action} to its users, prints the line it returns and exits 0.
   * An unknown email or any other refusal is an exception, which the command line turns into a
   * message and its exit status.
   */
  private int onUsers(DatabaseOption database, Function<UserAdmin, String> action) {
    try (Administration admin = open(database)) {
      out().println(action.apply(admin.users()));
    }
    return 0;
  }

  private static String plural(long count) {
    return count == 1 ? "" : "s";
  }

  /**
   * The administration of an existing database, for commands that only read: nothing is created or
   * migrated, and a missing or outdated database is said so (exit status 1).
   */
  static Administration openToRead(DatabaseOption database) {
    return Administration.openExisting(database.location, clock());
  }

  static Administration open(DatabaseOption database) {
    return Administration.open(
        database.location, BcryptHashes.DEFAULT_COST, PasswordPolicy.development(), clock());
  }

  private static Clock clock() {
    return Clock.systemUTC();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private static String readPassword() {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Password again: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(first);
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("no password on standard input");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
