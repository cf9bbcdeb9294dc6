package io.bienvenue.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.config.Config;
import io.bienvenue.config.ProductionSettings;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ApiClient.Reply;
import io.bienvenue.testing.ConfigBuilder;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production with the public URL {@code https://auth.example.org/auth/} and no {@code --base-path}:
 * the service takes {@code /auth} from the URL, answers under it, and the reset mail (through
 * GreenMail) links to the reset page there, whose token then works under the prefix.
 */
class MountedProductionTest {

  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern LINK =
      Pattern.compile(
          "https://auth\\.example\\.org(/auth/ui/reset)#email=ada%40example\\.org"
              + "&token=([A-Za-z0-9_-]{43})");

  @TempDir Path folder;
  private GreenMail smtp;
  private RunningService running;
  private ApiClient api;

  @BeforeEach
  void start() throws IOException {
    int smtpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    running = new RunningService(mounted(folder.resolve("mounted.db"), smtpPort), clock());
    api = running.client;
  }

  @AfterEach
  void stop() {
    running.close();
    smtp.stop();
  }

  @Test
  void theResetMailLinksUnderThePublicUrlsPathWhereThePageAndTheTokenWork() throws Exception {
    assertThat(api.postForm("/auth/users", credentials(PASSWORD)).status()).isEqualTo(200);
    assertThat(api.postForm("/auth/reset_password", Map.of("email", EMAIL)).status())
        .isEqualTo(200);
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the reset mail arrives").isTrue();

    Matcher link = LINK.matcher(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]));
    assertThat(link.find()).as("a link under /auth in the mail").isTrue();
    Reply page = api.get(link.group(1));
    Reply reset =
        api.sendForm(
            "PUT",
            "/auth/reset_password",
            Map.of(
                "email", EMAIL, "reset_token", link.group(2), "new_password", "a new passphrase"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().body()).contains("data-base-path=\"/auth\"");
    assertThat(reset.status()).isEqualTo(200);
    assertThat(api.postForm("/auth/sessions", credentials("a new passphrase")).status())
        .isEqualTo(200);
  }

  @Test
  void theSecureSessionCookieKeepsPathSlashAsItsHostPrefixRequires() {
    api.postForm("/auth/users", credentials(PASSWORD));

    Reply login = api.postForm("/auth/sessions", credentials(PASSWORD));

    assertThat(login.sessionCookieName()).isEqualTo(ApiClient.HOST_COOKIE);
    assertThat(login.sessionCookieHeader()).contains("Path=/;").contains("Secure");
    assertThat(api.get("/auth/profile", login.sessionCookie()).status()).isEqualTo(200);
    assertThat(api.get("/users").status()).isEqualTo(404);
  }

  private static Map<String, String> credentials(String password) {
    return Map.of("email", EMAIL, "password", password);
  }

  private static MutableClock clock() {
    return MutableClock.startingNow();
  }

  /** The production test configuration, its public URL under {@code /auth/}. */
  private static Config mounted(Path database, int smtpPort) {
    Config config = ProductionConfigs.of(database, smtpPort);
    ProductionSettings production = config.production().orElseThrow();
    return ConfigBuilder.from(config)
        .production(
            new ProductionSettings(
                URI.create("https://auth.example.org/auth/"),
                production.smtp(),
                production.passwordMinLength(),
                production.verification(),
                production.sessionCookie()))
        .build();
  }
}
