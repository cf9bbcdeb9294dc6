package io.bienvenue.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser scenarios of {@code src/test/browser/scenarios/}, one Node process each (which
 * launches its own chromium), against a service at a given address. Each writes its output to
 * {@code target/browser/NAME.log} and its screenshots beside it.
 */
final class BrowserScenarios {

  /** The Node project holding the scenarios and the pinned Playwright. */
  static final Path FOLDER = Path.of("src", "test", "browser");

  /** Where the logs and screenshots go. */
  static final Path OUTPUT = Path.of("target", "browser");

  private static final long TIMEOUT_SECONDS = 120;

  private final String base;

  BrowserScenarios(String base) {
    this.base = base;
  }

  /**
   * Runs the scenario {@code name} and checks that it passed within two minutes and saved the
   * screenshots {@code shots} ({@code NAME-SHOT.png}).
   */
  void run(String name, String... shots) throws IOException, InterruptedException {
    run(name, Map.of(), shots);
  }

  /**
   * Runs the scenario {@code name} as {@link #run(String, String...)} does, with {@code env} added
   * to its environment (what the scenario needs from the test, such as a mailed link).
   */
  void run(String name, Map<String, String> env, String... shots)
      throws IOException, InterruptedException {
    Path output = Files.createDirectories(OUTPUT).toAbsolutePath();
    Path log = output.resolve(name + ".log");
    for (String shot : shots) {
      Files.deleteIfExists(output.resolve(name + "-" + shot + ".png"));
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "node", Path.of("scenarios", name + ".mjs").toString(), base, output.toString())
            .directory(FOLDER.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process node = builder.start();
    boolean ended = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      // Chromium is Node's child: stop it too, or it outlives the test.
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly().waitFor();
    }
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(printed);

    assertThat(ended).as("%s ended within %d s:\n%s", name, TIMEOUT_SECONDS, printed).isTrue();
    assertThat(node.exitValue()).as("%s exit status:\n%s", name, printed).isZero();
    assertThat(printed).contains("PASSED " + name);
    for (String shot : shots) {
      assertThat(output.resolve(name + "-" + shot + ".png")).isNotEmptyFile();
    }
  }
}
