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
 * Runs a test class only when the environment names a Python that has Authlib and requests ({@link
 * AuthlibTest#PYTHON_VARIABLE}); otherwise skips it and prints why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresAuthlib.Condition.class)
@interface RequiresAuthlib {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return ProvidedExecutable.evaluate(
          context, AuthlibTest.PYTHON_VARIABLE, "Python with Authlib", "/usr/bin/python3");
    }
  }
}
