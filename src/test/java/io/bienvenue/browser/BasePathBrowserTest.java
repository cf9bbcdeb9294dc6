package io.bienvenue.browser;

import io.bienvenue.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web pages in a real browser with the service started with {@code --base-path /auth}, as a
 * proxy that passes paths unchanged mounts it: the scenario {@code base-path} signs up, logs in and
 * logs out there, and checks that every request the pages make stays under the prefix. See {@link
 * BrowserScenarios}.
 */
@RequiresBrowser
class BasePathBrowserTest {

  @RegisterExtension
  final ServiceFixture service = ServiceFixture.development().with(c -> c.basePath("/auth"));

  @Test
  void aPersonSignsUpLogsInAndOutUnderTheBasePathAndNoRequestLeavesIt() throws Exception {
    new BrowserScenarios("http://127.0.0.1:" + service.port())
        .run("base-path", "signup", "profile");
  }
}
