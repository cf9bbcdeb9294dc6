package io.bienvenue.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.Administration;
import io.bienvenue.oauth.SigningKey;
import io.bienvenue.oauth.SigningKeys;
import io.bienvenue.secrets.KeySource;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.secrets.SecretKeys;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue keys ...}: the OpenID Connect signing keys, on SQLite or PostgreSQL. Each prints
 * JSON (kid, alg, created_at, retired_at), never a private part.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Lists and rotates the keys that sign the OpenID Connect provider's tokens.")
final class KeysCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Makes a new ES256 and a new RS256 key and prints them as a JSON array. Running"
            + " instances publish them within a minute, and sign with them after that minute;"
            + " the keys they replace sign meanwhile, and are still published and still verify"
            + " for a day, until the tokens they signed have expired.",
        "The new private keys are sealed with the secrets key the service runs with: give the"
            + " same --secrets-key-file or BIENVENUE_SECRETS_KEY."
      })
  int rotate(
      @Mixin DatabaseOption database,
      @Option(
              names = "--secrets-key-file",
              description =
                  "The service's secrets key file (see serve --help); or the key itself in"
                      + " BIENVENUE_SECRETS_KEY. Without either, the key file development made"
                      + " beside the database, which must exist."
                      + " Env: BIENVENUE_SECRETS_KEY_FILE.")
          Path secretsKeyFile) {
    SecretBox box =
        new SecretBox(secretsKeys(spec, "keys rotate", database.location, secretsKeyFile));
    try (Administration admin = UserCommand.open(database)) {
      SigningKeys keys = admin.signingKeys(box);
      print(keys.rotate(Clock.systemUTC().instant()).stream().map(KeysCommand::json).toList());
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Prints every stored signing key as a JSON array, oldest first: a key whose retired_at is"
            + " null signs; a retired one is published for a day after it retired."
      })
  int list(@Mixin DatabaseOption database) {
    try (Administration admin = UserCommand.openToRead(database)) {
      // Listing opens no private key: the key-less box of the operator's commands will do.
      SigningKeys keys = admin.signingKeys(SecretBox.withoutKeys("keys list opens no private key"));
      print(keys.list().stream().map(KeysCommand::json).toList());
    }
    return 0;
  }

  /**
   * The secrets keys given, else development's key file if it exists: never a new key, which would
   * seal secrets the service could not open. {@code command} names the command in the error.
   */
  static SecretKeys secretsKeys(CommandSpec spec, String command, String database, Path file) {
    Optional<String> key =
        spec.commandLine().getDefaultValueProvider() instanceof OptionDefaults defaults
            ? defaults.variable(OptionDefaults.SECRETS_KEY)
            : Optional.empty();
    KeySource source =
        new KeySource(Optional.ofNullable(file).filter(f -> !f.toString().isBlank()), key);
    if (source.equals(KeySource.NONE)) {
      Path development =
          SecretKeys.developmentFile(database)
              .filter(Files::exists)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          command
                              + " needs the service's secrets key: --secrets-key-file PATH"
                              + " or BIENVENUE_SECRETS_KEY"));
      return SecretKeys.read(development);
    }
    return SecretKeys.load(source, database, true, new SecureRandom());
  }

  private static Map<String, Object> json(SigningKey key) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kid", key.kid());
    json.put("alg", key.algorithm().name());
    json.put("created_at", key.createdAt().toString());
    json.put("retired_at", key.retiredAt().map(Object::toString).orElse(null));
    return json;
  }

  private void print(List<Map<String, Object>> json) {
    try {
      spec.commandLine().getOut().println(JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
