package io.bienvenue.cli;

import io.bienvenue.Administration;
import io.bienvenue.auth.AdminKey;
import io.bienvenue.auth.AdminKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue admin-key ...}: an operator's commands for the keys of the admin API, on SQLite
 * or PostgreSQL. Each prints JSON; a key is printed only by {@code add}, the one time it is shown:
 * the database keeps only its hash.
 */
@Command(
    name = "admin-key",
    mixinStandardHelpOptions = true,
    description = "Makes, lists and removes the keys of the admin API.")
final class AdminKeyCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Makes a key for the admin API and prints it as JSON with its name: shown this once, only"
            + " its hash is stored. Requests send it as Authorization: Bearer.",
        "NAME is 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit, and"
            + " unique; the audit trail records it with every admin action."
      })
  int add(@Mixin DatabaseOption database, @Parameters(paramLabel = "NAME") String name) {
    AdminKeys.nameRefusal(name)
        .ifPresent(
            why -> {
              throw new ParameterException(
                  spec.commandLine(), "NAME " + ClientCommand.shown(name) + " refused: " + why);
            });
    try (Administration admin = UserCommand.open(database)) {
      AdminKeys.NewAdminKey added = admin.adminKeys().add(name);
      print(json(added.key(), Optional.of(added.secret())));
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Prints every key as a JSON array, oldest first: names and times, never a key.")
  int list(@Mixin DatabaseOption database) {
    try (Administration admin = UserCommand.open(database)) {
      print(admin.adminKeys().list().stream().map(key -> json(key, Optional.empty())).toList());
    }
    return 0;
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a key: requests with it are refused from then on.")
  int remove(@Mixin DatabaseOption database, @Parameters(paramLabel = "NAME") String name) {
    try (Administration admin = UserCommand.open(database)) {
      if (!admin.adminKeys().remove(name)) {
        throw new IllegalArgumentException("no admin key named " + ClientCommand.shown(name));
      }
      spec.commandLine().getOut().println("removed admin key " + name);
    }
    return 0;
  }

  /** The JSON of {@code key}; {@code secret} follows its name. */
  private static Map<String, Object> json(AdminKey key, Optional<String> secret) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", key.name());
    secret.ifPresent(shown -> json.put("key", shown));
    json.put("created_at", key.createdAt().toString());
    json.put("last_used_at", key.lastUsedAt().map(Instant::toString).orElse(null));
    return json;
  }

  private void print(Object json) {
    JsonOutput.print(spec.commandLine().getOut(), json);
  }
}
