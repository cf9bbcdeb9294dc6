package io.bienvenue.cli;

import io.bienvenue.Bienvenue;
import io.bienvenue.config.Config;
import io.bienvenue.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin ServiceOptions options;

  @Option(
      names = "--log-format",
      description =
          "text (lines for people) or json (one JSON object per line, for log collectors)."
              + " Env: BIENVENUE_LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
  String logFormat;

  @Override
  public Integer call() throws InterruptedException {
    LogFormat format = LogFormat.parse(logFormat);
    Config config = options.toConfig();
    format.apply();
    Optional<Path> nativeCopies = SqliteNativeCopies.claim();
    Bienvenue service = Bienvenue.start(config, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing the requests in flight");
                  service.close();
                  LOG.info("stopped");
                  // SIGTERM is how a service is asked to stop: a clean stop exits 0, not 143. A
                  // halt skips the JVM's delete-on-exit files: the launcher loads sqlite-jdbc's
                  // native library from target/native, and without it (java -jar) the copy in
                  // this process's own folder is deleted here, so none is left behind in /tmp.
                  nativeCopies.ifPresent(SqliteNativeCopies::delete);
                  Runtime.getRuntime().halt(0);
                },
                "shutdown"));
    LOG.info("Bienvenue in {} mode", config.isProduction() ? "production" : "development");
    LOG.info(
        "Bienvenue listening on http://{}:{}{} (admin on http://{}:{}, database {})",
        config.host(),
        service.port(),
        config.basePath().value(),
        config.admin().host(),
        service.adminPort(),
        Database.redact(config.database()));
    if (!config.admin().isLoopback()) {
      LOG.warn(
          "the admin listener on {} is reachable from other machines: /metrics and the health"
              + " checks answer anyone without a password; bind it to 127.0.0.1"
              + " (--admin-host) or let only the monitoring host reach port {}",
          config.admin().host(),
          service.adminPort());
    }
    if (config.ui()) {
      LOG.info("web pages at http://{}:{}/ui/", config.host(), service.port());
    }
    new CountDownLatch(1).await();
    return 0;
  }
}
