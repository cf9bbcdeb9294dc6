package io.bienvenue.relyingparty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the environment names Apache's executable ({@link
 * Apache#EXECUTABLE_VARIABLE}, with mod_auth_openidc installed beside it); otherwise skips it and
 * prints why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresApache.Condition.class)
@interface RequiresApache {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return ProvidedExecutable.evaluate(
          context, Apache.EXECUTABLE_VARIABLE, "Apache", "/usr/sbin/apache2");
    }
  }
}
