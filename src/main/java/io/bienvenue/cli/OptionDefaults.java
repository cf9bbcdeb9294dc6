package io.bienvenue.cli;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.Config;
import io.bienvenue.config.Durations;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.config.ProductionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The default of every option that configures the service, and the environment variable that sets
 * it: picocli asks here for an option's default, and {@code --help} shows it where a description
 * says {@code ${DEFAULT-VALUE}}. A variable that is set, even to the empty string, wins over the
 * default; an option on the command line wins over both.
 *
 * <p>Each value comes from where the service declares it ({@link Config#DEFAULTS} and the records
 * it holds, {@link ProductionSettings}, {@link EmailVerification}, {@link PasswordPolicy}), so that
 * a default is written once; only the defaults no other layer has, those of the SMTP connection and
 * the log format, are written here. Options of no setting (a command's own, such as {@code user
 * list --size}) keep the default their annotation gives. Immutable and thread-safe.
 */
final class OptionDefaults implements IDefaultValueProvider {

  /** An option's environment variable, and its default: null when it has none. */
  record Setting(String variable, String value) {
    Setting {
      Objects.requireNonNull(variable, "variable");
    }
  }

  /**
   * The variable that holds the secrets key itself: no option sets it, so no command line shows it.
   */
  static final String SECRETS_KEY = "BIENVENUE_SECRETS_KEY";

  /** What an option's variable is followed by to name a file that holds its value instead. */
  static final String FILE_SUFFIX = "_FILE";

  /**
   * The options whose value may carry a secret (a database URL's password, the SMTP login), and so
   * may come from a file named by their variable and {@link #FILE_SUFFIX}, such as {@code
   * BIENVENUE_SMTP_PASSWORD_FILE}, as Docker and Kubernetes mount secrets. The secrets key has its
   * own option for its file, {@code --secrets-key-file}.
   */
  static final Set<String> FROM_FILE = Set.of("--database", "--smtp-username", "--smtp-password");

  /** The settings by option name, in the order of {@code serve --help}. */
  static final Map<String, Setting> SETTINGS = settings();

  private final UnaryOperator<String> environment;

  /** Defaults that read the process's environment. */
  OptionDefaults() {
    this(System::getenv);
  }

  /** Defaults that read variables from {@code environment}, which answers null for an unset one. */
  OptionDefaults(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * The value of {@code argument}'s environment variable if it is set, else its default; null for
   * an option that has neither, or that is no setting.
   */
  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    Setting setting = SETTINGS.get(option.longestName());
    if (setting == null) {
      return null;
    }
    String set = environment.apply(setting.variable());
    if (FROM_FILE.contains(option.longestName())) {
      String file = environment.apply(setting.variable() + FILE_SUFFIX);
      if (file != null && set != null) {
        throw new ParameterException(
            option.command().commandLine(),
            "set " + setting.variable() + " or " + setting.variable() + FILE_SUFFIX + ", not both");
      }
      if (file != null) {
        return secretFromFile(option, setting.variable() + FILE_SUFFIX, file);
      }
    }
    return set != null ? set : setting.value();
  }

  /**
   * The content of {@code file}, named by the variable {@code variable}, without the line ending an
   * editor or {@code echo} leaves at its end: Docker and Kubernetes secrets are such files. The
   * content is never part of a message.
   */
  private static String secretFromFile(OptionSpec option, String variable, String file) {
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      return content.endsWith("\r\n")
          ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException | InvalidPathException e) {
      throw new ParameterException(
          option.command().commandLine(),
          variable + " names " + file + ", which cannot be read: " + e.getClass().getSimpleName(),
          e,
          option,
          file);
    }
  }

  /** The value of the environment variable {@code name}, if it is set and not blank. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(environment.apply(name))
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }

  private static Map<String, Setting> settings() {
    Config service = Config.DEFAULTS;
    Lifetimes lifetimes = service.lifetimes();
    ThrottlePolicy throttle = service.throttle();
    EdgeSettings edge = service.edge();
    Map<String, Setting> table = new LinkedHashMap<>();
    put(table, "--host", service.host());
    put(table, "--port", service.port());
    put(table, "--admin-host", service.admin().host());
    put(table, "--admin-port", service.admin().port());
    put(table, "--database", service.database());
    put(table, "--bcrypt-cost", service.bcryptCost());
    put(table, "--production", service.isProduction());
    put(table, "--password-min-length", PasswordPolicy.DEFAULT_PRODUCTION_MIN_LENGTH);
    put(table, "--max-bcrypt-cost", service.maxBcryptCost());
    put(table, "--session-idle-timeout", lifetimes.sessionIdleTimeout());
    put(table, "--session-lifetime", lifetimes.sessionLifetime());
    put(table, "--shutdown-delay", service.shutdownDelay());
    put(table, "--reset-token-lifetime", lifetimes.resetTokenLifetime());
    put(table, "--login-max-failures", throttle.perAccountAndAddress());
    put(table, "--login-max-failures-per-address", throttle.perAddress());
    put(table, "--login-max-failures-per-account", throttle.perAccount());
    put(table, "--login-failure-window", throttle.window());
    // The lists' variables are plural: each holds several values, comma-separated.
    put(table, "--trusted-proxy", "BIENVENUE_TRUSTED_PROXIES", service.trustedProxies());
    put(table, "--allowed-host", "BIENVENUE_ALLOWED_HOSTS", edge.allowedHosts());
    put(table, "--min-request-rate", edge.minRequestBytesPerSecond());
    put(table, "--max-connections-per-address", edge.maxConnectionsPerAddress());
    put(table, "--return-to-origin", "BIENVENUE_RETURN_TO_ORIGINS", edge.returnToOrigins());
    put(table, "--cookie-domain", edge.cookieDomain().orElse(null));
    put(table, "--cors-origin", "BIENVENUE_CORS_ORIGINS", edge.corsOrigins());
    put(
        table,
        "--webhook-allow-http-host",
        "BIENVENUE_WEBHOOK_ALLOW_HTTP_HOSTS",
        List.copyOf(Config.DEFAULTS.webhooks().allowedHttpHosts()));
    // Empty: not given, so production takes the path of --public-url.
    put(table, "--base-path", "");
    put(table, "--ui", service.ui());
    put(table, "--secrets-key-file", null);
    put(table, "--session-cookie-name", ProductionSettings.HOST_COOKIE);
    put(table, "--public-url", null);
    put(table, "--require-verified-email", EmailVerification.OFF.required());
    put(table, "--verification-token-lifetime", EmailVerification.DEFAULT_TOKEN_LIFETIME);
    put(table, "--smtp-host", null);
    put(table, "--smtp-port", 587);
    put(table, "--smtp-tls", "starttls");
    put(table, "--smtp-username", null);
    put(table, "--smtp-password", null);
    put(table, "--mail-from", null);
    put(table, "--log-format", "text");
    return Collections.unmodifiableMap(table);
  }

  /** Adds {@code option}'s setting, whose variable is its name: {@code --port}, BIENVENUE_PORT. */
  private static void put(Map<String, Setting> table, String option, Object value) {
    String name = option.substring("--".length()).toUpperCase(Locale.ROOT).replace('-', '_');
    put(table, option, "BIENVENUE_" + name, value);
  }

  /**
   * Adds {@code option}'s setting, its value written as the option takes it: a duration the way
   * operators write one, a list comma-separated.
   */
  private static void put(
      Map<String, Setting> table, String option, String variable, Object value) {
    String text;
    if (value == null) {
      text = null;
    } else if (value instanceof Duration duration) {
      text = Durations.format(duration);
    } else if (value instanceof List<?> list) {
      text = list.stream().map(Object::toString).collect(Collectors.joining(","));
    } else {
      text = value.toString();
    }
    table.put(option, new Setting(variable, text));
  }
}
