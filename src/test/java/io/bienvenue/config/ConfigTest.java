package io.bienvenue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.testing.ConfigBuilder;
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
}
