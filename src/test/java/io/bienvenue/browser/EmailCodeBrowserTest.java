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
 * Login by a code sent by e-mail in a real browser (issue 17): a production service mails to
 * GreenMail in-process, and the scenario {@code email-code} runs twice, first asking for the code
 * from the login page (and another one, which voids the first), then opening the second mailed
 * link, which fills the form in, and logging in.
 */
@RequiresBrowser
class EmailCodeBrowserTest {

  private static final String EMAIL = "olga@example.org";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern LINK =
      Pattern.compile("https://auth\\.example\\.org(/ui/login#email=\\S+&token=\\d{8})");

  @TempDir Path folder;

  @Test
  void theCodeAskedForOnTheLoginPageLogsInThroughTheMailedLink() throws Exception {
    int smtpPort = freePort();
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (RunningService running =
        new RunningService(
            ProductionConfigs.of(folder.resolve("code.db"), smtpPort),
            MutableClock.startingNow())) {
      ApiClient api = running.client;
      assertThat(api.postForm("/users", Map.of("email", EMAIL, "password", PASSWORD)).status())
          .isEqualTo(200);
      BrowserScenarios scenarios =
          new BrowserScenarios("http://127.0.0.1:" + running.service.port());
      Map<String, String> env = new HashMap<>();
      env.put("BIENVENUE_CODE_EMAIL", EMAIL);

      scenarios.run("email-code", env, "asked");
      assertThat(smtp.waitForIncomingEmail(10_000, 2)).as("the code mail, sent twice").isTrue();
      // "Send another code" voided the first code: the second mail's link is the one that works.
      Matcher link = LINK.matcher((String) smtp.getReceivedMessages()[1].getContent());
      assertThat(link.find()).as("a link to the login page with the code").isTrue();
      env.put("BIENVENUE_CODE_LINK", link.group(1));
      scenarios.run("email-code", env, "filled");
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
