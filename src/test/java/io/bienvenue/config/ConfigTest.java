package io.bienvenue.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import java.time.Duration;
import java.util.List;
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
    assertThatThrownBy(() -> Config.DEFAULTS.withPort(70000)).hasMessageContaining("--port");
    assertThatThrownBy(() -> Config.DEFAULTS.withBcryptCost(3))
        .hasMessageContaining("--bcrypt-cost");
    assertThatThrownBy(() -> Config.DEFAULTS.withBcryptCost(32))
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
    assertThatThrownBy(() -> Config.DEFAULTS.withMaxBcryptCost(11))
        .hasMessage("--max-bcrypt-cost must be from --bcrypt-cost (12) to 31, not 11");
    assertThatThrownBy(() -> Config.DEFAULTS.withMaxBcryptCost(32))
        .hasMessageContaining("--max-bcrypt-cost");
    assertThat(Config.DEFAULTS.withMaxBcryptCost(12).maxBcryptCost()).isEqualTo(12);
  }

  @Test
  void eachWithChangesItsOwnComponentAndKeepsTheOthers() {
    Config base = Config.DEFAULTS;
    Lifetimes lifetimes =
        new Lifetimes(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
    ThrottlePolicy throttle = new ThrottlePolicy(3, 30, 30, Duration.ofMinutes(1));
    AdminListener admin = new AdminListener("127.0.0.1", 0);

    assertOnlyChanged(base.withHost("::1"), "host", "::1");
    assertOnlyChanged(base.withPort(8080), "port", 8080);
    assertOnlyChanged(base.withAdmin(admin), "admin", admin);
    assertOnlyChanged(base.withDatabase("other.db"), "database", "other.db");
    assertOnlyChanged(base.withBcryptCost(4), "bcryptCost", 4);
    assertOnlyChanged(base.withMaxBcryptCost(20), "maxBcryptCost", 20);
    assertOnlyChanged(base.withLifetimes(lifetimes), "lifetimes", lifetimes);
    assertOnlyChanged(base.withThrottle(throttle), "throttle", throttle);
    assertOnlyChanged(
        base.withTrustedProxies(List.of("10.0.0.1")), "trustedProxies", List.of("10.0.0.1"));
    assertOnlyChanged(base.withUi(false), "ui", false);
  }

  private static void assertOnlyChanged(Config changed, String component, Object value) {
    assertThat(changed).extracting(component).isEqualTo(value);
    assertThat(changed)
        .usingRecursiveComparison()
        .ignoringFields(component)
        .isEqualTo(Config.DEFAULTS);
  }
}
