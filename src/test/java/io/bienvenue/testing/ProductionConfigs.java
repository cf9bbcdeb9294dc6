package io.bienvenue.testing;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.config.Config;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.mail.SmtpSettings;
import io.bienvenue.mail.TlsMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The production configuration the in-process tests start: the public URL {@code
 * https://auth.example.org}, mail through an SMTP server on loopback without TLS, production's
 * least bcrypt cost, and {@code 127.0.0.1} allowed as a host name, since the test's client reaches
 * the service there as a proxy on the same machine would.
 */
public final class ProductionConfigs {

  /** The public URL of every production configuration here. */
  public static final URI PUBLIC_URL = URI.create("https://auth.example.org");

  private ProductionConfigs() {}

  /** Production on {@code database}, mailing through the SMTP server on {@code smtpPort}. */
  public static Config of(Path database, int smtpPort) {
    SmtpSettings mail =
        new SmtpSettings(
            "127.0.0.1",
            smtpPort,
            Optional.empty(),
            Optional.empty(),
            "Bienvenue <noreply@example.org>",
            TlsMode.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    return Config.DEFAULTS
        .withPort(0)
        .withDatabase(database.toString())
        .withBcryptCost(BcryptHashes.MIN_PRODUCTION_COST)
        .withProduction(new ProductionSettings(PUBLIC_URL, mail, 15))
        .withEdge(EdgeSettings.DEFAULTS.withAllowedHosts(List.of("127.0.0.1")));
  }

  /** {@code config} with verified emails required, links working 24 hours. */
  public static Config requiringVerification(Config config) {
    return config.withProduction(
        config
            .production()
            .orElseThrow()
            .withVerification(new EmailVerification(true, Duration.ofHours(24))));
  }
}
