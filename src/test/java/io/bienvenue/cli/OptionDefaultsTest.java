package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.config.Config;
import io.bienvenue.secrets.KeySource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
