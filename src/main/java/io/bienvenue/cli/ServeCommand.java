package io.bienvenue.cli;

import io.bienvenue.Bienvenue;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.ThrottlePolicy;
import io.bienvenue.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bienvenue serve}: runs the service until the process is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the service. Every option can also be set by the environment variable named in"
          + " its description; an option on the command line wins."
    },
    sortOptions = false)
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--host",
      defaultValue = "${env:BIENVENUE_HOST:-127.0.0.1}",
      description = "Address to listen on. Env: BIENVENUE_HOST. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:BIENVENUE_PORT:-5000}",
      description =
          "Port to listen on; 0 picks a free one. Env: BIENVENUE_PORT."
              + " Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--database",
      defaultValue = "${env:BIENVENUE_DATABASE:-bienvenue.db}",
      description =
          "SQLite file path, or a jdbc:sqlite: URL. Created and migrated if new."
              + " Env: BIENVENUE_DATABASE. Default: ${DEFAULT-VALUE}.")
  String database;

  @Option(
      names = "--bcrypt-cost",
      defaultValue = "${env:BIENVENUE_BCRYPT_COST:-12}",
      description =
          "bcrypt cost (log2 rounds, 4-31) of new password hashes."
              + " Env: BIENVENUE_BCRYPT_COST. Default: ${DEFAULT-VALUE}.")
  int bcryptCost;

  @Option(
      names = "--session-idle-timeout",
      defaultValue = "${env:BIENVENUE_SESSION_IDLE_TIMEOUT:-30m}",
      converter = DurationConverter.class,
      description =
          "A session unused this long ends (like 30m, 2h, 45s)."
              + " Env: BIENVENUE_SESSION_IDLE_TIMEOUT. Default: 30m.")
  Duration sessionIdleTimeout;

  @Option(
      names = "--session-lifetime",
      defaultValue = "${env:BIENVENUE_SESSION_LIFETIME:-12h}",
      converter = DurationConverter.class,
      description =
          "A session ends this long after login, however active."
              + " Env: BIENVENUE_SESSION_LIFETIME. Default: 12h.")
  Duration sessionLifetime;

  @Option(
      names = "--reset-token-lifetime",
      defaultValue = "${env:BIENVENUE_RESET_TOKEN_LIFETIME:-15m}",
      converter = DurationConverter.class,
      description =
          "A reset token stops working this long after it was issued."
              + " Env: BIENVENUE_RESET_TOKEN_LIFETIME. Default: 15m.")
  Duration resetTokenLifetime;

  @Option(
      names = "--login-max-failures",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES:-10}",
      description =
          "Failed logins for one account from one client address before that address"
              + " must wait for the window to end. Env: BIENVENUE_LOGIN_MAX_FAILURES."
              + " Default: ${DEFAULT-VALUE}.")
  int loginMaxFailures;

  @Option(
      names = "--login-max-failures-per-address",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS:-100}",
      description =
          "Failed logins from one client address, over every account."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ADDRESS. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAddress;

  @Option(
      names = "--login-max-failures-per-account",
      defaultValue = "${env:BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT:-100}",
      description =
          "Failed logins for one account, from every address (at most 100)."
              + " Env: BIENVENUE_LOGIN_MAX_FAILURES_PER_ACCOUNT. Default: ${DEFAULT-VALUE}.")
  int loginMaxFailuresPerAccount;

  @Option(
      names = "--login-failure-window",
      defaultValue = "${env:BIENVENUE_LOGIN_FAILURE_WINDOW:-15m}",
      converter = DurationConverter.class,
      description =
          "How long failed logins are counted after the first one."
              + " Env: BIENVENUE_LOGIN_FAILURE_WINDOW. Default: 15m.")
  Duration loginFailureWindow;

  @Option(
      names = "--trusted-proxy",
      split = ",",
      defaultValue = "${env:BIENVENUE_TRUSTED_PROXIES:-}",
      description =
          "A proxy (address or CIDR block; repeat or separate with commas) whose"
              + " X-Forwarded-For header names the client. Env: BIENVENUE_TRUSTED_PROXIES."
              + " Default: none.")
  List<String> trustedProxies;

  @Override
  public Integer call() throws InterruptedException {
    Config config =
        new Config(
            host,
            port,
            database,
            bcryptCost,
            new Lifetimes(sessionIdleTimeout, sessionLifetime, resetTokenLifetime),
            new ThrottlePolicy(
                loginMaxFailures,
                loginMaxFailuresPerAddress,
                loginMaxFailuresPerAccount,
                loginFailureWindow),
            trustedProxies.stream().filter(p -> !p.isBlank()).toList());
    Bienvenue service = Bienvenue.start(config, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    LOG.info(
        "Bienvenue listening on http://{}:{} (database {})",
        config.host(),
        service.port(),
        config.database());
    new CountDownLatch(1).await();
    return 0;
  }
}
