package io.bienvenue.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.config.Config;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify page in a real browser with a real link: a production service ({@code
 * --require-verified-email}) mails it to GreenMail in-process, and the scenario {@code
 * verify-click} opens it. Opening it verifies nothing; the press of the button does (issue 22,
 * account pre-hijacking).
 */
@RequiresBrowser
class VerifyPageBrowserTest {

  private static final String EMAIL = "erin@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern LINK =
      Pattern.compile("https://auth\\.example\\.org(/ui/verify#\\S+)");

  @TempDir Path folder;

  @Test
  void openingTheMailedLinkVerifiesNothingAndThePressDoes() throws Exception {
    int smtpPort = freePort();
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (RunningService running =
        new RunningService(config(smtpPort), MutableClock.startingNow())) {
      ApiClient api = running.client;
      assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
          .isEqualTo(200);
      assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the verification mail").isTrue();
      Matcher link = LINK.matcher(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]));
      assertThat(link.find()).as("a link to the verify page").isTrue();

      new BrowserScenarios("http://127.0.0.1:" + running.service.port())
          .run(
              "verify-click",
              Map.of(
                  "BIENVENUE_VERIFY_LINK", link.group(1),
                  "BIENVENUE_VERIFY_EMAIL", EMAIL,
                  "BIENVENUE_VERIFY_PASSWORD", PASSWORD),
              "opened",
              "confirmed");
    } finally {
      smtp.stop();
    }
  }

  private Config config(int smtpPort) {
    return ProductionConfigs.requiringVerification(
        ProductionConfigs.of(folder.resolve("verify.db"), smtpPort));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
