package io.bienvenue.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the machine's PostgreSQL was provided ({@link Postgres}); otherwise
 * skips it and prints why, so a run with only a JDK passes and says what it did not check.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (Postgres.available()) {
        return ConditionEvaluationResult.enabled("PostgreSQL provided");
      }
      String reason =
          "no PostgreSQL server: set "
              + Postgres.URL_VARIABLE
              + "=postgresql://ROLE:PASSWORD@127.0.0.1:5432/DB (.ci/run does) to run it";
      if (context.getTestMethod().isEmpty()) {
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      }
      return ConditionEvaluationResult.disabled(reason);
    }
  }
}
