package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.catalog.config.FunctionEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * A function of serverless.yml loaded in this JVM (the in-process mode): its handler class built through the
 * static {@code from(FunctionEnvironment)} factory, exactly the code Lambda runs.
 *
 * <p>Like Lambda, one handler instance (a warm container) serves one invocation at a time:
 * concurrent invocations take idle instances and build a new one when none is idle, so handlers
 * that keep per-container state (a database connection) are never shared by two invocations.
 *
 * <p>The code can be replaced while the function is in use (hot reload): pollers, routes and
 * notifiers keep their reference to this object, and each invocation runs on the generation that
 * was current when it started; instances of an older generation are dropped when they finish.
 */
public final class InProcessFunction implements LocalFunction {
    /** A constructed handler and the method to call on it. */
    private record Handler(Object instance, Method method) {
    }

    /** The warm instances of one generation of the code, and where to load more of them from. */
    private static final class Generation {
        private final ClassLoader classLoader;
        private final Class<?> eventType;
        private final Deque<Handler> idle = new ConcurrentLinkedDeque<>();

        Generation(ClassLoader classLoader, Handler first) {
            this.classLoader = classLoader;
            this.eventType = first.method().getParameterTypes()[0];
            idle.add(first);
        }
    }
    /** The function whose handler runs on this thread: lets a request counter attribute the SDK calls it makes. */
    static final ThreadLocal<String> RUNNING = new ThreadLocal<>();

    private final String name;
    private final String handlerReference;
    private final FunctionEnvironment environment;
    private final Duration timeout;
    private final int memoryMb;
    private final Clock clock;
    private final Consumer<Invocation> invocations;
    private volatile Generation generation;
    private volatile LambdaLogger logs = LocalContext.standardOutput();

    private InProcessFunction(String name, String handlerReference, FunctionEnvironment environment, Generation generation,
                          Duration timeout, int memoryMb, Consumer<Invocation> invocations) {
        this.name = name;
        this.handlerReference = handlerReference;
        this.environment = environment;
        this.generation = generation;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
        this.clock = environment.clock();
        this.invocations = invocations;
    }

    /**
     * @param handlerReference as in serverless.yml: {@code package.Class::method} (method defaults to handleRequest)
     * @throws FunctionLoadException when the class, its factory or the method cannot be used
     */
    static InProcessFunction load(String name, String handlerReference, FunctionEnvironment environment, Duration timeout,
                                     int memoryMb, ClassLoader classLoader, Consumer<Invocation> invocations) {
        return new InProcessFunction(name, handlerReference, environment,
                new Generation(classLoader, construct(name, handlerReference, environment, classLoader)), timeout, memoryMb, invocations);
    }

    private static Handler construct(String name, String handlerReference, FunctionEnvironment environment, ClassLoader classLoader) {
        HandlerReference handler = HandlerReference.parse(handlerReference);
        try {
            Class<?> type = Class.forName(handler.className(), true, classLoader);
            Method factory = type.getMethod("from", FunctionEnvironment.class);
            if (!Modifier.isStatic(factory.getModifiers()) || !type.isAssignableFrom(factory.getReturnType())) {
                throw new NoSuchMethodException(handler.className() + ".from(FunctionEnvironment)");
            }
            Object instance = factory.invoke(null, environment);
            return new Handler(instance, handler.methodOf(type, name));
        } catch (ClassNotFoundException e) {
            throw new FunctionLoadException(name, "handler class " + handler.className() + " not found");
        } catch (NoSuchMethodException e) {
            throw new FunctionLoadException(name, handler.className() + " has no public static from(FunctionEnvironment) returning the handler");
        } catch (InvocationTargetException e) {
            throw new FunctionLoadException(name, "constructing " + handler.className() + " failed: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            // A half-written or mismatched class file (a compile in progress) lands here.
            throw new FunctionLoadException(name, "cannot construct " + handler.className() + ": " + e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** As serverless.yml gives it: {@code package.Class::method}. */
    @Override
    public String handlerReference() {
        return handlerReference;
    }

    /** The event type the handler method takes, e.g. {@code SQSEvent}. */
    @Override
    public Class<?> eventType() {
        return generation.eventType;
    }

    /** Where the handler's {@code context.getLogger()} lines go (standard output unless set). */
    @Override
    public void logTo(LambdaLogger sink) {
        this.logs = sink;
    }

    /**
     * Builds a new handler instance from {@code classLoader} with the same environment, without
     * using it yet: the answer swaps it in. Nothing changes when this throws.
     *
     * @throws FunctionLoadException when the new code cannot be loaded, or takes another event type
     */
    @Override
    public Runnable prepareReload(ClassLoader classLoader) {
        Generation next = new Generation(classLoader, construct(name, handlerReference, environment, classLoader));
        if (!next.eventType.equals(eventType())) {
            throw new FunctionLoadException(name, "the new code takes " + next.eventType.getSimpleName()
                    + " instead of " + eventType().getSimpleName() + ": restart the runtime to change a handler's event type");
        }
        return () -> generation = next;
    }

    /**
     * As {@link #invoke(String, int, Object)}, also copying the handler's log lines to {@code alsoLogTo}
     * (for a caller that shows them, such as {@code make invoke}).
     */
    @Override
    public Object invoke(String trigger, int batchSize, Object event, LambdaLogger alsoLogTo) {
        Generation current = generation;
        String requestId = UUID.randomUUID().toString();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Context context = new LocalContext(requestId, name, memoryMb, started.plus(timeout), clock, tee(logs, alsoLogTo));
        String outcome = "error";
        String error = null;
        Handler handler = null;
        String caller = RUNNING.get();
        RUNNING.set(name);
        try {
            handler = takeIdleOrBuild(current);
            Object result = handler.method().invoke(handler.instance(), event, context);
            outcome = hasBatchItemFailures(result) ? "partial" : "ok";
            return result;
        } catch (InvocationTargetException e) {
            error = String.valueOf(e.getCause());
            throw new FunctionFailedException(name, e.getCause());
        } catch (IllegalAccessException | FunctionLoadException e) {
            error = e.toString();
            throw new FunctionFailedException(name, e);
        } finally {
            if (handler != null && generation == current) {
                current.idle.addFirst(handler);
            }
            RUNNING.set(caller);
            invocations.accept(new Invocation(name, trigger, batchSize, started, Duration.ofNanos(System.nanoTime() - startNanos), outcome,
                    requestId, error));
        }
    }

    /** An idle warm instance, or a new one (a cold start) when every instance is busy. */
    private Handler takeIdleOrBuild(Generation current) {
        Handler idle = current.idle.pollFirst();
        return idle != null ? idle : construct(name, handlerReference, environment, current.classLoader);
    }

    private static LambdaLogger tee(LambdaLogger first, LambdaLogger second) {
        if (second == null) {
            return first;
        }
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                first.log(message);
                second.log(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    private static boolean hasBatchItemFailures(Object result) {
        return result instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response
                && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty();
    }
}
