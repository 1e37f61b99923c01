package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.catalog.config.FunctionEnvironment;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One function of serverless.yml as the triggers see it (pollers, HTTP routes, S3 notifications,
 * schedules, {@code make invoke}): an event in, the handler's answer out. Two modes run it:
 * {@link InProcessFunction} in this JVM (fast, hot reload), and {@link PackagedFunction} from the
 * Lambda artifact through AWS's runtime interface client, one process per execution environment.
 */
public interface LocalFunction {

    /** Loads a handler in this JVM through its static {@code from(FunctionEnvironment)} factory. */
    static LocalFunction load(String name, String handlerReference, FunctionEnvironment environment, Duration timeout,
                              int memoryMb, ClassLoader classLoader, Consumer<Invocation> invocations) {
        return InProcessFunction.load(name, handlerReference, environment, timeout, memoryMb, classLoader, invocations);
    }

    /** The name of the function whose handler is running on the calling thread, if any. */
    static Optional<String> runningOnThisThread() {
        return Optional.ofNullable(InProcessFunction.RUNNING.get());
    }

    String name();

    /** As serverless.yml gives it: {@code package.Class::method}. */
    String handlerReference();

    /** The event type the handler method takes, e.g. {@code SQSEvent}. */
    Class<?> eventType();

    /** Where the function's log lines go (standard output unless set). */
    void logTo(LambdaLogger sink);

    /**
     * Prepares to run new code from {@code classLoader} (hot reload); the answer swaps it in.
     *
     * @throws FunctionLoadException when the new code cannot be loaded, or this mode cannot reload
     */
    Runnable prepareReload(ClassLoader classLoader);

    /**
     * Runs the function once and records the invocation.
     *
     * @throws FunctionFailedException when the function fails (Lambda's "function error")
     */
    default Object invoke(String trigger, int batchSize, Object event) {
        return invoke(trigger, batchSize, event, null);
    }

    /** As {@link #invoke(String, int, Object)}, also copying the function's log lines to {@code alsoLogTo}. */
    Object invoke(String trigger, int batchSize, Object event, LambdaLogger alsoLogTo);
}
