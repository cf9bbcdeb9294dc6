package io.bienvenue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.config.AdminListener;
import io.bienvenue.config.Config;
import io.bienvenue.config.EdgeSettings;
import io.bienvenue.http.BasePath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The tests' configurations: each change touches its own component, and the result is checked. */
class ConfigBuilderTest {

  @Test
  void eachChangeChangesItsOwnComponentAndKeepsTheOthers() {
    Lifetimes lifetimes =
        new Lifetimes(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
    ThrottlePolicy throttle = new ThrottlePolicy(3, 30, 30, Duration.ofMinutes(1));
    AdminListener admin = new AdminListener("127.0.0.1", 0);

    assertOnlyChanged(b -> b.host("::1"), "host", "::1");
    assertOnlyChanged(b -> b.port(8080), "port", 8080);
    assertOnlyChanged(b -> b.admin(admin), "admin", admin);
    assertOnlyChanged(b -> b.database("other.db"), "database", "other.db");
    assertOnlyChanged(b -> b.bcryptCost(4), "bcryptCost", 4);
    assertOnlyChanged(b -> b.maxBcryptCost(20), "maxBcryptCost", 20);
    assertOnlyChanged(b -> b.lifetimes(lifetimes), "lifetimes", lifetimes);
    assertOnlyChanged(b -> b.throttle(throttle), "throttle", throttle);
    assertOnlyChanged(
        b -> b.trustedProxies(List.of("10.0.0.1")), "trustedProxies", List.of("10.0.0.1"));
    assertOnlyChanged(b -> b.ui(false), "ui", false);
    assertOnlyChanged(b -> b.secretsKey(TestSecrets.SOURCE), "secretsKey", TestSecrets.SOURCE);
    assertOnlyChanged(
        b -> b.allowedHosts(List.of("auth.example.org")),
        "edge",
        new EdgeSettings(
            List.of("auth.example.org"),
            EdgeSettings.DEFAULTS.minRequestBytesPerSecond(),
            EdgeSettings.DEFAULTS.maxConnectionsPerAddress()));
    assertOnlyChanged(
        b -> b.returnToOrigins(List.of("https://app.example.com")),
        "edge",
        new EdgeSettings(
            List.of(),
            EdgeSettings.DEFAULTS.minRequestBytesPerSecond(),
            EdgeSettings.DEFAULTS.maxConnectionsPerAddress(),
            List.of("https://app.example.com"),
            Optional.empty(),
            List.of(),
            Optional.empty()));
    assertOnlyChanged(
        b -> b.cookieDomain("example.com"),
        "edge",
        new EdgeSettings(
            List.of(),
            EdgeSettings.DEFAULTS.minRequestBytesPerSecond(),
            EdgeSettings.DEFAULTS.maxConnectionsPerAddress(),
            List.of(),
            Optional.of("example.com"),
            List.of(),
            Optional.empty()));
    assertOnlyChanged(
        b -> b.corsOrigins(List.of("https://app.example.com")),
        "edge",
        new EdgeSettings(
            List.of(),
            EdgeSettings.DEFAULTS.minRequestBytesPerSecond(),
            EdgeSettings.DEFAULTS.maxConnectionsPerAddress(),
            List.of(),
            Optional.empty(),
            List.of("https://app.example.com"),
            Optional.empty()));
    assertOnlyChanged(
        b -> b.basePath("/auth"),
        "edge",
        new EdgeSettings(
            List.of(),
            EdgeSettings.DEFAULTS.minRequestBytesPerSecond(),
            EdgeSettings.DEFAULTS.maxConnectionsPerAddress(),
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.of(BasePath.parse("/auth", "--base-path"))));
  }

  @Test
  void theConfigurationIsCheckedByConfigItself() {
    assertThatThrownBy(() -> ConfigBuilder.from(Config.DEFAULTS).host("0.0.0.0").build())
        .hasMessageContaining("--production");
  }

  private static void assertOnlyChanged(
      UnaryOperator<ConfigBuilder> change, String component, Object value) {
    Config changed = change.apply(ConfigBuilder.from(Config.DEFAULTS)).build();

    assertThat(changed).extracting(component).isEqualTo(value);
    assertThat(changed)
        .usingRecursiveComparison()
        .ignoringFields(component)
        .isEqualTo(Config.DEFAULTS);
  }
}
