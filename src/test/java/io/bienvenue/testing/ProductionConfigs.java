package io.bienvenue.testing;

import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.EmailVerification;
import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.ResetDelivery;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.throttle.MailLimits;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.Config;
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
    return ConfigBuilder.from(Config.DEFAULTS)
        .port(0)
        .database(database.toString())
        .bcryptCost(BcryptHashes.MIN_PRODUCTION_COST)
        .production(new ProductionSettings(PUBLIC_URL, mail, 15))
        .allowedHosts(List.of("127.0.0.1"))
        .secretsKey(TestSecrets.SOURCE)
        .build();
  }

  /**
   * The rules {@code Auth} applies in these configurations' production: new passwords of 15
   * characters or more, reset tokens by mail, and {@code verification} and {@code mailLimits}.
   */
  public static AuthSettings authSettings(EmailVerification verification, MailLimits mailLimits) {
    return new AuthSettings(
        Lifetimes.DEFAULTS,
        ThrottlePolicy.DEFAULTS,
        PasswordPolicy.production(15),
        ResetDelivery.BY_EMAIL,
        verification,
        mailLimits);
  }

  /** {@code config} with verified emails required, links working 24 hours. */
  public static Config requiringVerification(Config config) {
    ProductionSettings production = config.production().orElseThrow();
    return ConfigBuilder.from(config)
        .production(
            new ProductionSettings(
                production.publicUrl(),
                production.smtp(),
                production.passwordMinLength(),
                new EmailVerification(true, Duration.ofHours(24)),
                production.sessionCookie()))
        .build();
  }
}
