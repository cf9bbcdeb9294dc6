package io.bienvenue.cli;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.config.Config;
import io.bienvenue.config.Durations;
import io.bienvenue.config.ProductionSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

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
    return set != null ? set : setting.value();
  }

  private static Map<String, Setting> settings() {
    Config service = Config.DEFAULTS;
    Map<String, Setting> settings = new LinkedHashMap<>();
    put(settings, "--host", "BIENVENUE_HOST", service.host());
    put(settings, "--port", "BIENVENUE_PORT", service.port());
    put(settings, "--admin-host", "BIENVENUE_ADMIN_HOST", service.admin().host());
    put(settings, "--admin-port", "BIENVENUE_ADMIN_PORT", service.admin().port());
    put(settings, "--database", "BIENVENUE_DATABASE", service.database());
    put(settings, "--bcrypt-cost", "BIENVENUE_BCRYPT_COST", service.bcryptCost());
    put(settings, "--production", "BIENVENUE_PRODUCTION", service.isProduction());
    put(
        settings,
        "--password-min-length",
        "BIENVENUE_PASSWORD_MIN_LENGTH",
        PasswordPolicy.DEFAULT_PRODUCTION_MIN_LENGTH);
    put(settings, "--max-bcrypt-cost", "BIENVENUE_MAX_BCRYPT_COST", service.maxBcryptCost());
    put(
        settings,
        "--session-idle-timeout",
        "BIENVENUE_SESSION_IDLE_TIMEOUT",
        service.lifetimes().sessionIdleTimeout());
    put(
        settings,
        "--session-lifetime",
        "BIENVENUE_SESSION_LIFETIME",
        service.lifetimes().sessionLifetime());
    put(
        settings,
        "--reset-token-lifetime",
        "BIENVENUE_RESET_TOKEN_LIFETIME",
        service.lifetimes().resetTokenLifetime());
    put(
        settings,
        "--login-max-failures",
        "BIENVENUE_LOGIN_MAX_FAILURES",
        service.throttle().perAccountAndAddress());
    put(
        settings,
        "--login-max-failures-per-address",
        "BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS",
        service.throttle().perAddress());
    put(
        settings,
        "--login-max-failures-per-account",
        "BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        service.throttle().perAccount());
    put(
        settings,
        "--login-failure-window",
        "BIENVENUE_LOGIN_FAILURE_WINDOW",
        service.throttle().window());
    put(
        settings,
        "--trusted-proxy",
        "BIENVENUE_TRUSTED_PROXIES",
        String.join(",", service.trustedProxies()));
    put(
        settings,
        "--allowed-host",
        "BIENVENUE_ALLOWED_HOSTS",
        String.join(",", service.edge().allowedHosts()));
    put(
        settings,
        "--min-request-rate",
        "BIENVENUE_MIN_REQUEST_RATE",
        service.edge().minRequestBytesPerSecond());
    put(
        settings,
        "--max-connections-per-address",
        "BIENVENUE_MAX_CONNECTIONS_PER_ADDRESS",
        service.edge().maxConnectionsPerAddress());
    put(settings, "--ui", "BIENVENUE_UI", service.ui());
    put(
        settings,
        "--session-cookie-name",
        "BIENVENUE_SESSION_COOKIE_NAME",
        ProductionSettings.HOST_COOKIE);
    put(settings, "--public-url", "BIENVENUE_PUBLIC_URL", null);
    put(
        settings,
        "--require-verified-email",
        "BIENVENUE_REQUIRE_VERIFIED_EMAIL",
        EmailVerification.OFF.required());
    put(
        settings,
        "--verification-token-lifetime",
        "BIENVENUE_VERIFICATION_TOKEN_LIFETIME",
        EmailVerification.DEFAULT_TOKEN_LIFETIME);
    put(settings, "--smtp-host", "BIENVENUE_SMTP_HOST", null);
    put(settings, "--smtp-port", "BIENVENUE_SMTP_PORT", 587);
    put(settings, "--smtp-tls", "BIENVENUE_SMTP_TLS", "starttls");
    put(settings, "--smtp-username", "BIENVENUE_SMTP_USERNAME", null);
    put(settings, "--smtp-password", "BIENVENUE_SMTP_PASSWORD", null);
    put(settings, "--mail-from", "BIENVENUE_MAIL_FROM", null);
    put(settings, "--log-format", "BIENVENUE_LOG_FORMAT", "text");
    return Collections.unmodifiableMap(settings);
  }

  /** Adds {@code option}'s setting; a duration is written the way operators write one. */
  private static void put(
      Map<String, Setting> settings, String option, String variable, Object value) {
    String text =
        value instanceof Duration duration
            ? Durations.format(duration)
            : value == null ? null : value.toString();
    settings.put(option, new Setting(variable, text));
  }
}
