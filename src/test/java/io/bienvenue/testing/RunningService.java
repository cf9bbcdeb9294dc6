package io.bienvenue.testing;

import io.bienvenue.Bienvenue;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import java.nio.file.Path;
import java.time.Clock;

/** The whole service started by its composition root, on a random port and a fresh SQLite file. */
public final class RunningService implements AutoCloseable {

  public final Bienvenue service;
  public final ApiClient client;

  public RunningService(Path folder, Clock clock, Lifetimes lifetimes) {
    this(
        ConfigBuilder.development(folder.resolve("service.db").toString())
            .lifetimes(lifetimes)
            .build(),
        clock);
  }

  public RunningService(Config config, Clock clock) {
    // The admin listener takes a free port too, so tests never collide on 5001.
    this.service =
        Bienvenue.start(
            ConfigBuilder.from(config).admin(new AdminListener("127.0.0.1", 0)).build(), clock);
    this.client = new ApiClient("http://127.0.0.1:" + service.port());
  }

  public RunningService(Path folder, Clock clock) {
    this(folder, clock, Lifetimes.DEFAULTS);
  }

  @Override
  public void close() {
    service.close();
  }
}
