package dev.catalog.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.catalog.config.FunctionEnvironment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One function of serverless.yml, loaded in this JVM: its handler class built through the
 * constructor that takes a {@link FunctionEnvironment}, exactly the code Lambda runs.
 */
public final class LocalFunction {
    private final String name;
    private final Object handler;
    private final Method method;
    private final Duration timeout;
    private final int memoryMb;
    private final Clock clock;
    private final Consumer<Invocation> invocations;

    private LocalFunction(String name, Object handler, Method method, Duration timeout, int memoryMb, Clock clock,
                          Consumer<Invocation> invocations) {
        this.name = name;
        this.handler = handler;
        this.method = method;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
        this.clock = clock;
        this.invocations = invocations;
    }

    /**
     * @param handlerReference as in serverless.yml: {@code package.Class::method} (method defaults to handleRequest)
     * @throws FunctionLoadException when the class, its constructor or the method cannot be used
     */
    public static LocalFunction load(String name, String handlerReference, FunctionEnvironment environment, Duration timeout,
                                     int memoryMb, ClassLoader classLoader, Consumer<Invocation> invocations) {
        String[] parts = handlerReference.split("::", 2);
        String methodName = parts.length == 2 ? parts[1] : "handleRequest";
        try {
            Class<?> type = Class.forName(parts[0], true, classLoader);
            Constructor<?> constructor = type.getConstructor(FunctionEnvironment.class);
            Object handler = constructor.newInstance(environment);
            return new LocalFunction(name, handler, handlerMethod(type, methodName), timeout, memoryMb, environment.clock(), invocations);
        } catch (ClassNotFoundException e) {
            throw new FunctionLoadException(name, "handler class " + parts[0] + " not found");
        } catch (NoSuchMethodException e) {
            throw new FunctionLoadException(name, parts[0] + " has no public constructor taking a FunctionEnvironment");
        } catch (InvocationTargetException e) {
            throw new FunctionLoadException(name, "constructing " + parts[0] + " failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new FunctionLoadException(name, "cannot construct " + parts[0] + ": " + e);
        }
    }

    private static Method handlerMethod(Class<?> type, String methodName) {
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(methodName) && !candidate.isBridge() && candidate.getParameterCount() == 2
                    && candidate.getParameterTypes()[1] == Context.class) {
                return candidate;
            }
        }
        throw new FunctionLoadException(type.getName(), "no public method " + methodName + "(event, Context)");
    }

    public String name() {
        return name;
    }

    /** The event type the handler method takes, e.g. {@code SQSEvent}. */
    public Class<?> eventType() {
        return method.getParameterTypes()[0];
    }

    /**
     * Runs the handler once and records the invocation.
     *
     * @throws FunctionFailedException when the handler throws (Lambda's "function error")
     */
    public Object invoke(String trigger, int batchSize, Object event) {
        String requestId = UUID.randomUUID().toString();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Context context = new LocalContext(requestId, name, memoryMb, started.plus(timeout), clock, LocalContext.standardOutput());
        String outcome = "error";
        try {
            Object result = method.invoke(handler, event, context);
            outcome = hasBatchItemFailures(result) ? "partial" : "ok";
            return result;
        } catch (InvocationTargetException e) {
            throw new FunctionFailedException(name, e.getCause());
        } catch (IllegalAccessException e) {
            throw new FunctionFailedException(name, e);
        } finally {
            invocations.accept(new Invocation(name, trigger, batchSize, started, Duration.ofNanos(System.nanoTime() - startNanos), outcome, requestId));
        }
    }

    private static boolean hasBatchItemFailures(Object result) {
        return result instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response
                && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty();
    }
}
