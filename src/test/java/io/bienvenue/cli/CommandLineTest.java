package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.EmailVerification;
import io.bienvenue.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

class CommandLineTest {

  private final Cli cli = new Cli();

  @TempDir Path folder;

  @Test
  void serveHelpDocumentsEveryFlagAndItsEnvironmentVariable() {
    int status = cli.run("serve", "--help");

    assertThat(status).isZero();
    assertThat(cli.out())
        .contains("--host", "BIENVENUE_HOST")
        .contains("--port", "BIENVENUE_PORT")
        .contains("--database", "BIENVENUE_DATABASE")
        .contains("--bcrypt-cost", "BIENVENUE_BCRYPT_COST")
        .contains("--session-idle-timeout", "BIENVENUE_SESSION_IDLE_TIMEOUT")
        .contains("--session-lifetime", "BIENVENUE_SESSION_LIFETIME")
        .contains("--reset-token-lifetime", "BIENVENUE_RESET_TOKEN_LIFETIME")
        .contains("--require-verified-email", "BIENVENUE_REQUIRE_VERIFIED_EMAIL")
        .contains("--verification-token-lifetime", "BIENVENUE_VERIFICATION_TOKEN_LIFETIME")
        .contains("--[no-]ui", "BIENVENUE_UI")
        .contains("--allowed-host", "BIENVENUE_ALLOWED_HOSTS")
        .contains("--return-to-origin", "BIENVENUE_RETURN_TO_ORIGINS")
        .contains("--cookie-domain", "BIENVENUE_COOKIE_DOMAIN")
        .contains("--cors-origin", "BIENVENUE_CORS_ORIGINS")
        .contains("--min-request-rate", "BIENVENUE_MIN_REQUEST_RATE")
        .contains("--max-connections-per-address", "BIENVENUE_MAX_CONNECTIONS_PER_ADDRESS");
  }

  @Test
  void allowedHostsRepeatOrTakeCommasAndTheEdgeLimitsHaveDefaults() {
    Config config =
        serveConfig(
            "--allowed-host", "auth.internal", "--allowed-host", "a.example,b.example:8443");

    assertThat(config.edge().allowedHosts())
        .containsExactly("auth.internal", "a.example", "b.example:8443");
    assertThat(serveConfig().edge().allowedHosts()).isEmpty();
    assertThat(serveConfig().edge().minRequestBytesPerSecond()).isEqualTo(240);
    assertThat(serveConfig().edge().maxConnectionsPerAddress()).isEqualTo(32);
    assertThat(serveConfig("--min-request-rate", "0", "--max-connections-per-address", "0").edge())
        .extracting(e -> e.minRequestBytesPerSecond(), e -> e.maxConnectionsPerAddress())
        .containsExactly(0, 0);
  }

  @Test
  void anAllowedHostThatIsNoHostNameStopsTheStartWithOneLine() {
    int status =
        cli.run(
            "serve",
            "--allowed-host",
            "http://auth.example.org/",
            "--database",
            folder.resolve("h.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("bienvenue: --allowed-host: 'http://auth.example.org/' is not a host name");
  }

  @Test
  void returnToOriginsRepeatOrTakeCommasAndDefaultToNone() {
    Config config =
        serveConfig(
            "--return-to-origin",
            "https://app.example.com",
            "--return-to-origin",
            "https://b.example:8443, http://localhost:3000");

    assertThat(config.edge().returnToOrigins())
        .containsExactly(
            "https://app.example.com", "https://b.example:8443", "http://localhost:3000");
    assertThat(serveConfig().edge().returnToOrigins()).isEmpty();
  }

  @Test
  void aReturnToOriginThatIsNoOriginStopsTheStartWithOneLine() {
    int status =
        cli.run(
            "serve",
            "--return-to-origin",
            "https://app.example.com/after-login",
            "--database",
            folder.resolve("r.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "bienvenue: --return-to-origin: 'https://app.example.com/after-login' is not an"
                + " origin: write scheme://host or scheme://host:port, http or https, with no"
                + " path");
    assertThat(folder.resolve("r.db")).doesNotExist();
  }

  @Test
  void corsOriginsRepeatOrTakeCommasAndACookieDomainIsKeptInLowerCase() {
    Config config =
        serveConfig(
            "--cors-origin",
            "https://app.example.com",
            "--cors-origin",
            "https://b.example:8443, http://localhost:3000",
            "--cookie-domain",
            ".Example.com");

    assertThat(config.edge().corsOrigins())
        .containsExactly(
            "https://app.example.com", "https://b.example:8443", "http://localhost:3000");
    assertThat(config.edge().cookieDomain()).contains("example.com");
    assertThat(config.sessionCookie())
        .as("development keeps the original's name")
        .isEqualTo("session_id");
    assertThat(serveConfig().edge().corsOrigins()).isEmpty();
    assertThat(serveConfig().edge().cookieDomain()).isEmpty();
  }

  @Test
  void aWildcardCorsOriginStopsTheStartWithOneLine() {
    int status =
        cli.run("serve", "--cors-origin", "*", "--database", folder.resolve("c.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip()).startsWith("bienvenue: --cors-origin: '*' would let any site");
    assertThat(cli.err().lines().count()).isEqualTo(1);
    assertThat(folder.resolve("c.db")).doesNotExist();
  }

  @Test
  void aSharedCookieInProductionIsSecurePrefixedAndMustCoverThePublicUrl() {
    String[] production = {
      "--production",
      "--smtp-host",
      "127.0.0.1",
      "--mail-from",
      "noreply@example.org",
      "--public-url",
      "https://auth.example.org",
      "--cookie-domain",
    };

    Config shared = serveConfig(concat(null, production, "example.org"));

    assertThat(shared.sessionCookie()).isEqualTo("__Secure-session_id");
    assertThat(serveConfig(concat(null, production, "example.org")).edge().cookieDomain())
        .contains("example.org");
    int status = cli.run(concat("serve", production, "example.com"));
    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "bienvenue: --cookie-domain example.com does not cover the --public-url host"
                + " auth.example.org: a browser would refuse the cookie");
    assertThatThrownBy(() -> serveConfig(concat(null, production, "localhost")))
        .hasMessageContaining("--cookie-domain");
  }

  @Test
  void theWebPagesAreOnByDefaultAndNoUiTurnsThemOff() {
    assertThat(serveConfig().ui()).isTrue();
    assertThat(serveConfig("--ui").ui()).isTrue();
    assertThat(serveConfig("--no-ui").ui()).isFalse();
  }

  @Test
  void topLevelHelpListsTheCommandsAndExitCodes() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("serve").contains("Exit codes");
  }

  @Test
  void aMalformedFlagIsExitStatusTwo() {
    assertThat(cli.run("serve", "--port", "many")).isEqualTo(2);
    assertThat(cli.run("serve", "--session-lifetime", "forever")).isEqualTo(2);
    assertThat(cli.err()).contains("forever").contains("30m");
    assertThat(cli.run("serve", "--no-such-flag")).isEqualTo(2);
  }

  @Test
  void anOutOfRangeValueIsExitStatusOneWithOneClearLine() {
    String database = folder.resolve("x.db").toString();

    int status = cli.run("serve", "--bcrypt-cost", "3", "--database", database);

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip()).isEqualTo("bienvenue: --bcrypt-cost must be from 4 to 31, not 3");
  }

  @Test
  void anUnusableDatabaseIsExitStatusOne() {
    int status = cli.run("serve", "--database", folder.resolve("no/such/dir/x.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err()).startsWith("bienvenue: ").contains("does not exist");
    assertThat(cli.err().lines().count()).isEqualTo(1);
  }

  @Test
  void productionWithoutItsSettingsIsExitStatusOneNamingWhatIsMissing() {
    int status = cli.run("serve", "--production", "--database", folder.resolve("p.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .startsWith("bienvenue: --production needs --smtp-host")
        .contains("BIENVENUE_SMTP_HOST");
  }

  @Test
  void productionRefusesABcryptCostUnderTenInOneLine() {
    int status =
        cli.run(
            "serve",
            "--production",
            "--bcrypt-cost",
            "4",
            "--public-url",
            "https://auth.example.org",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--database",
            folder.resolve("p.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "bienvenue: --production needs --bcrypt-cost 10 or more (OWASP's minimum for bcrypt),"
                + " not 4");
  }

  @Test
  void productionRefusesAPlainHttpPublicUrlInOneLineButNotOnLocalhost() {
    String[] base = {
      "--production",
      "--smtp-host",
      "127.0.0.1",
      "--mail-from",
      "noreply@example.org",
      "--public-url",
    };
    int status = cli.run(concat("serve", base, "http://auth.example.org"));

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .startsWith("bienvenue: --public-url must be https in production")
        .contains("'http://auth.example.org'");
    assertThat(cli.err().lines().count()).isEqualTo(1);
    for (String local :
        List.of("http://localhost:5000", "http://127.0.0.1:8080/auth", "http://[::1]:5000")) {
      assertThat(serveConfig(concat(null, base, local)).production().orElseThrow().publicUrl())
          .hasToString(local);
    }
    assertThatThrownBy(() -> serveConfig(concat(null, base, "http://localhost.attacker.example")))
        .hasMessageContaining("must be https");
  }

  private static String[] concat(String first, String[] middle, String last) {
    List<String> all = new ArrayList<>();
    if (first != null) {
      all.add(first);
    }
    all.addAll(List.of(middle));
    all.add(last);
    return all.toArray(String[]::new);
  }

  @Test
  void productionWithoutAPublicUrlIsRefusedToo() {
    int status =
        cli.run(
            "serve",
            "--production",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--database",
            folder.resolve("p.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err()).contains("--public-url");
  }

  @Test
  void requiringVerifiedEmailsWithoutProductionIsRefusedWithOneLine() {
    int status =
        cli.run(
            "serve", "--require-verified-email", "--database", folder.resolve("v.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "bienvenue: --require-verified-email needs --production: only production mode sends"
                + " the verification mail");
    assertThat(folder.resolve("v.db")).doesNotExist();
  }

  @Test
  void requiringVerifiedEmailsReachesTheProductionSettings() {
    Config config =
        serveConfig(
            "--production",
            "--require-verified-email",
            "--verification-token-lifetime",
            "2h",
            "--smtp-host",
            "127.0.0.1",
            "--mail-from",
            "noreply@example.org",
            "--public-url",
            "https://auth.example.org");

    assertThat(config.production().orElseThrow().verification())
        .isEqualTo(new EmailVerification(true, Duration.ofHours(2)));
    assertThat(serveConfig().production()).isEmpty();
  }

  @Test
  void developmentRefusesAPublicHost() {
    int status =
        cli.run("serve", "--host", "0.0.0.0", "--database", folder.resolve("d.db").toString());

    assertThat(status).isEqualTo(1);
    assertThat(cli.err()).contains("--production").contains("TLS proxy");
  }

  private static Config serveConfig(String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "serve";
    System.arraycopy(flags, 0, args, 1, flags.length);
    ParseResult parsed = BienvenueCommand.commandLine().parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.options.toConfig();
  }

  @Test
  void anUnknownTlsModeIsExitStatusTwo() {
    assertThat(cli.run("serve", "--smtp-tls", "maybe")).isEqualTo(2);
    assertThat(cli.err()).contains("starttls");
  }
}
