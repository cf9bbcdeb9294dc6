package io.bienvenue.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the environment names an nginx executable ({@link
 * Nginx#EXECUTABLE_VARIABLE}); otherwise skips it and prints why, so a run without nginx passes and
 * says what it did not check.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresNginx.Condition.class)
@interface RequiresNginx {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String executable = System.getenv(Nginx.EXECUTABLE_VARIABLE);
      if (executable != null
          && Files.isRegularFile(Path.of(executable))
          && Files.isExecutable(Path.of(executable))) {
        return ConditionEvaluationResult.enabled("nginx provided");
      }
      String reason =
          executable == null || executable.isBlank()
              ? "no nginx: set "
                  + Nginx.EXECUTABLE_VARIABLE
                  + "=/usr/sbin/nginx (.ci/run does) to run it"
              : Nginx.EXECUTABLE_VARIABLE + "=" + executable + " is not an executable";
      if (context.getTestMethod().isEmpty()) {
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      }
      return ConditionEvaluationResult.disabled(reason);
    }
  }
}
