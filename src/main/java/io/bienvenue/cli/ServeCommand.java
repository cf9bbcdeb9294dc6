package io.bienvenue.cli;

import io.bienvenue.Bienvenue;
import io.bienvenue.config.Config;
import io.bienvenue.store.Database;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Override
  public Integer call() throws InterruptedException {
    Config config = options.toConfig();
    Bienvenue service = Bienvenue.start(config, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    LOG.info("Bienvenue in {} mode", config.isProduction() ? "production" : "development");
    LOG.info(
        "Bienvenue listening on http://{}:{} (database {})",
        config.host(),
        service.port(),
        Database.redact(config.database()));
    new CountDownLatch(1).await();
    return 0;
  }
}
