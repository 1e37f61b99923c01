package dev.catalog.local.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips a class, with the reason, when no Docker engine answers: the LocalStack tier is optional
 * and a machine without Docker has simply not run it. Asked once per JVM (it takes about 0.4 s
 * when there is no engine).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDockerEngine.Condition.class)
public @interface RequiresDockerEngine {

    final class Condition implements ExecutionCondition {
        private static volatile Boolean available;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (dockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            String reason = "LocalStack tier skipped: no Docker engine is reachable (Testcontainers found none),"
                    + " so " + context.getDisplayName() + " did not run";
            System.out.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }

        private static boolean dockerAvailable() {
            if (available == null) {
                synchronized (Condition.class) {
                    if (available == null) {
                        available = DockerClientFactory.instance().isDockerAvailable();
                    }
                }
            }
            return available;
        }
    }
}
