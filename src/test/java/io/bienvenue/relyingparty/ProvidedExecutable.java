package io.bienvenue.relyingparty;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The rule behind {@link RequiresApache} and {@link RequiresAuthlib}: a test class runs only when
 * an environment variable names an executable file; otherwise it is skipped, and the reason (which
 * variable to set, to what) is printed once for the class, so a run without the program passes and
 * says what it did not check.
 */
final class ProvidedExecutable {

  private ProvidedExecutable() {}

  /**
   * Enabled when {@code variable} names an executable file; else disabled, saying that {@code what}
   * is missing and that {@code variable=example} enables it.
   */
  static ConditionEvaluationResult evaluate(
      ExtensionContext context, String variable, String what, String example) {
    String executable = System.getenv(variable);
    if (executable != null
        && Files.isRegularFile(Path.of(executable))
        && Files.isExecutable(Path.of(executable))) {
      return ConditionEvaluationResult.enabled(what + " provided");
    }
    String reason =
        executable == null || executable.isBlank()
            ? "no " + what + ": set " + variable + "=" + example + " (.ci/run does) to run it"
            : variable + "=" + executable + " is not an executable";
    if (context.getTestMethod().isEmpty()) {
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  /** The executable {@code variable} names, for a test that {@link #evaluate} let run. */
  static String named(String variable) {
    String executable = System.getenv(variable);
    if (executable == null) {
      throw new IllegalStateException(variable + " is not set");
    }
    return executable;
  }
}
