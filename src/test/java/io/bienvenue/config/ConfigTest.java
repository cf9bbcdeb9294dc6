package io.bienvenue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.http.BasePath;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.ProductionConfigs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void theDefaultsAreThoseOfTheQuickStart() {
    Config defaults = Config.DEFAULTS;

    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isEqualTo(5000);
    assertThat(defaults.database()).isEqualTo("bienvenue.db");
    assertThat(defaults.bcryptCost()).isEqualTo(12);
    assertThat(defaults.lifetimes().sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(defaults.lifetimes().sessionLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(defaults.lifetimes().resetTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void outOfRangeValuesAreRefusedNamingTheirFlag() {
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).port(70000).build())
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).bcryptCost(3).build())
        .hasMessageContaining("--bcrypt-cost");
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).bcryptCost(32).build())
        .hasMessageContaining("--bcrypt-cost");
    assertThatThrownBy(
            () -> new Lifetimes(Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(1)))
        .hasMessageContaining("--session-idle-timeout");
    assertThatThrownBy(
            () -> new Lifetimes(Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(1)))
        .hasMessageContaining("must not be longer");
    assertThatThrownBy(
            () -> new Lifetimes(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("--reset-token-lifetime");
  }

  @Test
  void theCapOnStoredBcryptCostsIsFromTheCostTo31() {
    assertThat(Config.DEFAULTS.maxBcryptCost()).isEqualTo(14);
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).maxBcryptCost(11).build())
        .hasMessage("--max-bcrypt-cost must be from --bcrypt-cost (12) to 31, not 11");
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).maxBcryptCost(32).build())
        .hasMessageContaining("--max-bcrypt-cost");
    assertThat(ConfigBuilder.from(Config.DEFAULTS).maxBcryptCost(12).build().maxBcryptCost())
        .isEqualTo(12);
  }

  @Test
  void theBasePathIsNoneUnlessGiven() {
    assertThat(Config.DEFAULTS.basePath()).isEqualTo(BasePath.NONE);
    assertThat(ConfigBuilder.from(Config.DEFAULTS).basePath("/auth/").build().basePath().value())
        .isEqualTo("/auth");
    assertThat(ConfigBuilder.from(Config.DEFAULTS).basePath("/").build().basePath())
        .isEqualTo(BasePath.NONE);
  }

  @Test
  void inProductionTheBasePathIsThePublicUrlsPathUnlessGiven() {
    Config atAuth = production("https://app.example.com/auth/").build();
    Config atRoot = production("https://auth.example.org").build();

    assertThat(atAuth.basePath().value()).isEqualTo("/auth");
    assertThat(atRoot.basePath()).isEqualTo(BasePath.NONE);
    assertThat(production("https://app.example.com/auth").basePath("/auth/").build().basePath())
        .isEqualTo(atAuth.basePath());
  }

  @Test
  void aBasePathThatDisagreesWithThePublicUrlIsRefusedNamingBoth() {
    assertThatThrownBy(() -> production("https://app.example.com/auth").basePath("/id").build())
        .hasMessage(
            "--base-path /id and the path of --public-url https://app.example.com/auth (/auth)"
                + " disagree: give the same path to both, or leave out --base-path");
    assertThatThrownBy(() -> production("https://app.example.com/auth").basePath("/").build())
        .hasMessageContaining("--base-path / and the path of --public-url");
    assertThatThrownBy(() -> production("https://auth.example.org").basePath("/auth").build())
        .hasMessageContaining("disagree");
    assertThatThrownBy(() -> production("https://app.example.com/a%20b").build())
        .hasMessageStartingWith("--public-url's path '/a%20b' is not a base path");
  }

  /** Production's test configuration with {@code publicUrl} for public URL. */
  private static ConfigBuilder production(String publicUrl) {
    Config config = ProductionConfigs.of(Path.of("unused.db"), 2525);
    ProductionSettings production = config.production().orElseThrow();
    return ConfigBuilder.from(config)
        .production(
            new ProductionSettings(
                URI.create(publicUrl),
                production.smtp(),
                production.passwordMinLength(),
                production.verification(),
                production.sessionCookie()));
  }
}
