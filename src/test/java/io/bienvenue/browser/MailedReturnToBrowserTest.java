package io.bienvenue.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.ProductionConfigs;
import io.bienvenue.testing.RunningService;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A return_to through the reset mail in a real browser (issue 15): a production service mails to
 * GreenMail in-process, and the scenario {@code mailed-return-to} runs twice, first from {@code
 * /ui/login?return_to=...} to the forgot page asking for the mail, then, with the mailed link, from
 * the reset page it opens to the login and the landing at the return address.
 */
@RequiresBrowser
class MailedReturnToBrowserTest {

  private static final String EMAIL = "nora@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String RETURN_TO = "/ui/profile?from=mail";
  private static final Pattern LINK =
      Pattern.compile("https://auth\\.example\\.org(/ui/reset\\?return_to=\\S+)");

  @TempDir Path folder;

  @Test
  void aResetStartedWithAReturnToLandsThereThroughTheMailedLink() throws Exception {
    int smtpPort = freePort();
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (RunningService running =
        new RunningService(
            ProductionConfigs.of(folder.resolve("mailed.db"), smtpPort),
            MutableClock.startingNow())) {
      ApiClient api = running.client;
      assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
          .isEqualTo(200);
      BrowserScenarios scenarios =
          new BrowserScenarios("http://127.0.0.1:" + running.service.port());
      Map<String, String> env = new HashMap<>();
      env.put("BIENVENUE_RESET_EMAIL", EMAIL);
      env.put("BIENVENUE_RESET_RETURN_TO", RETURN_TO);
      env.put("BIENVENUE_RESET_PASSWORD", "a brand new passphrase");

      scenarios.run("mailed-return-to", env, "asked");
      assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the reset mail").isTrue();
      Matcher link = LINK.matcher((String) smtp.getReceivedMessages()[0].getContent());
      assertThat(link.find()).as("a link to the reset page with a return_to").isTrue();
      env.put("BIENVENUE_RESET_LINK", link.group(1));
      scenarios.run("mailed-return-to", env, "landed");
    } finally {
      smtp.stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
