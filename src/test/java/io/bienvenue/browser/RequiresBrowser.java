package io.bienvenue.browser;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when a browser can be driven: the environment names a chromium executable
 * ({@link #CHROMIUM_VARIABLE}), {@code node} is on the PATH, and {@code npm ci} has installed
 * Playwright in {@link BrowserScenarios#FOLDER}; otherwise skips it and prints why, so a run
 * without them passes and says what it did not check.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresBrowser.Condition.class)
@interface RequiresBrowser {

  /** The variable naming the chromium executable the scenarios launch. */
  String CHROMIUM_VARIABLE = "BIENVENUE_TEST_CHROMIUM";

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<String> missing = missing();
      if (missing.isEmpty()) {
        return ConditionEvaluationResult.enabled("chromium, node and Playwright provided");
      }
      if (context.getTestMethod().isEmpty()) {
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + missing.get());
      }
      return ConditionEvaluationResult.disabled(missing.get());
    }

    private static Optional<String> missing() {
      String chromium = System.getenv(CHROMIUM_VARIABLE);
      if (chromium == null || chromium.isBlank()) {
        return Optional.of(
            "no browser: set "
                + CHROMIUM_VARIABLE
                + "=/usr/bin/chromium (.ci/run does; apt-get install chromium) to run it");
      }
      if (!Files.isRegularFile(Path.of(chromium)) || !Files.isExecutable(Path.of(chromium))) {
        return Optional.of(CHROMIUM_VARIABLE + "=" + chromium + " is not an executable");
      }
      String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
      if (Stream.of(path.split(File.pathSeparator))
          .map(folder -> Path.of(folder, "node"))
          .noneMatch(Files::isExecutable)) {
        return Optional.of("no node on the PATH (apt-get install nodejs npm)");
      }
      Path playwright = BrowserScenarios.FOLDER.resolve("node_modules/playwright-core");
      if (!Files.isDirectory(playwright)) {
        return Optional.of(
            "no Playwright: run npm ci in " + BrowserScenarios.FOLDER + " (.ci/run does)");
      }
      return Optional.empty();
    }
  }
}
