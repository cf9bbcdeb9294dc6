package io.bienvenue.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only when the environment says how to stop and start the machine's PostgreSQL ({@link
 * PostgresControl}); otherwise skips it and prints why, once, for the class or method annotated.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgresControl.Condition.class)
@interface RequiresPostgresControl {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (PostgresControl.available()) {
        return ConditionEvaluationResult.enabled("PostgreSQL stop and start commands provided");
      }
      String reason =
          "no way to stop PostgreSQL: set "
              + PostgresControl.STOP_VARIABLE
              + "='pg_ctlcluster 15 main stop' and "
              + PostgresControl.START_VARIABLE
              + "='pg_ctlcluster 15 main start' to run it";
      boolean annotatedHere =
          context
              .getElement()
              .map(e -> e.isAnnotationPresent(RequiresPostgresControl.class))
              .orElse(false);
      if (annotatedHere) {
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      }
      return ConditionEvaluationResult.disabled(reason);
    }
  }
}
