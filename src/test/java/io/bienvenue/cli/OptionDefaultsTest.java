package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.Config;
import io.bienvenue.secrets.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

class OptionDefaultsTest {

  @Test
  void serveWithNoFlagsAndNoVariablesIsTheServicesDefaults() {
    assertThat(serveConfig(Map.of())).isEqualTo(Config.DEFAULTS);
  }

  @Test
  void aVariableWinsOverTheDefaultAndAFlagOverTheVariable() {
    Map<String, String> environment =
        Map.of(
            "BIENVENUE_PORT", "6000", "BIENVENUE_SESSION_LIFETIME", "2h", "BIENVENUE_UI", "false");

    Config fromVariables = serveConfig(environment);
    Config fromFlags = serveConfig(environment, "--port", "7000", "--ui");

    assertThat(fromVariables.port()).isEqualTo(6000);
    assertThat(fromVariables.lifetimes().sessionLifetime()).hasHours(2);
    assertThat(fromVariables.ui()).isFalse();
    assertThat(fromFlags.port()).isEqualTo(7000);
    assertThat(fromFlags.ui()).isTrue();
  }

  @Test
  void theBasePathComesFromItsVariableOrFlagAndIsNoneWhenEmpty() {
    Map<String, String> environment = Map.of("BIENVENUE_BASE_PATH", "/auth/");

    assertThat(serveConfig(environment).basePath().value()).isEqualTo("/auth");
    assertThat(serveConfig(environment, "--base-path", "/id").basePath().value()).isEqualTo("/id");
    assertThat(serveConfig(Map.of("BIENVENUE_BASE_PATH", "")).edge().basePath()).isEmpty();
    assertThatThrownBy(() -> serveConfig(Map.of(), "--base-path", "/a/../b"))
        .hasMessageStartingWith("--base-path '/a/../b' is not a base path");
  }

  @Test
  void theSecretsKeyComesFromItsFileOptionOrFromItsVariableAloneNeverBoth() {
    Config fromFile = serveConfig(Map.of(), "--secrets-key-file", "/etc/bienvenue/secrets.key");
    Config fromFileVariable =
        serveConfig(Map.of("BIENVENUE_SECRETS_KEY_FILE", "/etc/bienvenue/secrets.key"));
    Config fromKeyVariable = serveConfig(Map.of("BIENVENUE_SECRETS_KEY", "a-key"));

    assertThat(fromFile.secretsKey())
        .isEqualTo(KeySource.ofFile(Path.of("/etc/bienvenue/secrets.key")));
    assertThat(fromFileVariable.secretsKey()).isEqualTo(fromFile.secretsKey());
    assertThat(fromKeyVariable.secretsKey()).isEqualTo(KeySource.ofKey("a-key"));
    assertThat(serveConfig(Map.of("BIENVENUE_SECRETS_KEY", " ")).secretsKey())
        .isEqualTo(KeySource.NONE);
    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of("BIENVENUE_SECRETS_KEY", "a-key"), "--secrets-key-file", "/etc/k"))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> serveConfig(Map.of(), "--secrets-key", "a-key"))
        .as("no option takes the key itself")
        .hasMessageContaining("--secrets-key");
  }

  @Test
  void aSecretOptionComesFromTheFileItsFileVariableNamesWithoutTheLastLineEnding(
      @TempDir Path folder) throws Exception {
    Path password = Files.writeString(folder.resolve("smtp_password"), "p@ss word\n");
    Path database =
        Files.writeString(
            folder.resolve("database_url"), "postgresql://bienvenue:s3cret@db:5432/bienvenue\r\n");
    Map<String, String> environment =
        Map.of(
            "BIENVENUE_PRODUCTION", "true",
            "BIENVENUE_PUBLIC_URL", "https://auth.example.org",
            "BIENVENUE_SMTP_HOST", "mail.example.org",
            "BIENVENUE_SMTP_USERNAME", "bienvenue",
            "BIENVENUE_SMTP_PASSWORD_FILE", password.toString(),
            "BIENVENUE_MAIL_FROM", "noreply@example.org",
            "BIENVENUE_DATABASE_FILE", database.toString());

    Config config = serveConfig(environment);

    assertThat(config.database()).isEqualTo("postgresql://bienvenue:s3cret@db:5432/bienvenue");
    assertThat(config.production().orElseThrow().smtp().password()).contains("p@ss word");
  }

  @Test
  void aSecretVariableAndItsFileVariableTogetherOrAnUnreadableFileAreRefusedWithoutTheSecret(
      @TempDir Path folder) throws Exception {
    Path file = Files.writeString(folder.resolve("url"), "postgresql://u:s3cret@db/b");

    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of(
                        "BIENVENUE_DATABASE",
                        "other.db",
                        "BIENVENUE_DATABASE_FILE",
                        file.toString())))
        .hasStackTraceContaining("set BIENVENUE_DATABASE or BIENVENUE_DATABASE_FILE, not both");
    assertThatThrownBy(
            () ->
                serveConfig(
                    Map.of("BIENVENUE_DATABASE_FILE", folder.resolve("missing").toString())))
        .hasStackTraceContaining("BIENVENUE_DATABASE_FILE names")
        .hasStackTraceContaining("cannot be read");
    assertThat(serveConfig(Map.of("BIENVENUE_PORT_FILE", file.toString())).port())
        .as("only the options that carry secrets read files")
        .isEqualTo(Config.DEFAULTS.port());
  }

  @Test
  void theHelpShowsTheDefaultTheVariableSets() {
    CommandLine commandLine = commandLine(Map.of("BIENVENUE_BCRYPT_COST", "11"), "user");

    String help =
        commandLine.getSubcommands().get("user").getSubcommands().get("add").getUsageMessage();

    assertThat(help).contains("BIENVENUE_BCRYPT_COST. Default: 11.");
  }

  @Test
  void everySettingIsAnOptionWhoseHelpNamesItsVariable() {
    CommandLine commandLine = BienvenueCommand.commandLine();
    List<OptionSpec> options =
        List.of("serve", "check").stream()
            .flatMap(
                name -> commandLine.getSubcommands().get(name).getCommandSpec().options().stream())
            .toList();

    OptionDefaults.SETTINGS.forEach(
        (name, setting) ->
            assertThat(options)
                .as(name)
                .anySatisfy(
                    option -> {
                      assertThat(option.longestName()).isEqualTo(name);
                      assertThat(String.join(" ", option.description()))
                          .contains(setting.variable());
                    }));
  }

  private static CommandLine commandLine(Map<String, String> environment, String... args) {
    CommandLine commandLine = BienvenueCommand.commandLine(args);
    commandLine.setDefaultValueProvider(new OptionDefaults(environment::get));
    return commandLine;
  }

  private static Config serveConfig(Map<String, String> environment, String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "serve";
    System.arraycopy(flags, 0, args, 1, flags.length);
    ParseResult parsed = commandLine(environment, args).parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.options.toConfig();
  }
}
