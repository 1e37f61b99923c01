package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A function run as Lambda runs it (the Lambda runtime tier): the packaged artifact extracted as a
 * task root, each execution environment a JVM started by AWS's runtime interface client, events and
 * answers crossing the Runtime API as JSON written and read by AWS's own serialization library.
 *
 * <p>As on Lambda, an environment serves one invocation at a time and stays warm; concurrent
 * invocations start more environments (as many as the trigger runs at once); a timed-out or
 * crashed environment is replaced on the next invocation; an init failure fails the invocation
 * with the function's output, and the next invocation tries init again in a new environment.
 */
public final class PackagedFunction implements LocalFunction, AutoCloseable {
    /**
     * Lambda gives init 10 s, then runs it again inside the first invocation's timeout when it did
     * not finish: the worst case is both.
     */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    /** How long an invocation waits for an environment when the function runs as many as it may. */
    private static final Duration WAIT_FOR_ENVIRONMENT = Duration.ofSeconds(60);
    private static final Map<Class<?>, PojoSerializer<Object>> SERIALIZERS = new ConcurrentHashMap<>();

    private final String name;
    private final String handlerReference;
    private final LambdaLaunch launch;
    private final Class<?> eventType;
    private final Class<?> responseType;
    private final Duration timeout;
    private final Clock clock;
    private final Consumer<Invocation> invocations;
    private final Consumer<String> outputLines;
    private final LinkedBlockingDeque<ExecutionEnvironment> idle = new LinkedBlockingDeque<>();
    private final Set<ExecutionEnvironment> environments = ConcurrentHashMap.newKeySet();
    private final int maxEnvironments;
    private final Semaphore slots;
    private volatile LambdaLogger logs = LocalContext.standardOutput();
    private volatile boolean closed;

    /**
     * @param handlerTypes where the handler class is looked up for its event and answer types only
     *     (it is not initialised here: the code that runs is the artifact's)
     * @param outputLines sees every line the function's processes print
     * @param maxEnvironments how many execution environments may run at once: Lambda would start one
     *     per concurrent invocation, but on a developer's machine a JVM each costs a second of CPU to
     *     start, so beyond this invocations wait for one to come free
     */
    public PackagedFunction(String name, String handlerReference, LambdaLaunch launch, Duration timeout, int maxEnvironments,
                            Clock clock, ClassLoader handlerTypes, Consumer<Invocation> invocations, Consumer<String> outputLines) {
        this.name = name;
        this.handlerReference = handlerReference;
        this.launch = launch;
        this.timeout = timeout;
        this.clock = clock;
        this.invocations = invocations;
        this.outputLines = outputLines;
        this.maxEnvironments = maxEnvironments;
        this.slots = new Semaphore(maxEnvironments);
        Method method = handlerMethod(name, handlerReference, handlerTypes);
        this.eventType = method.getParameterTypes()[0];
        this.responseType = method.getReturnType();
    }

    private static Method handlerMethod(String name, String handlerReference, ClassLoader classes) {
        HandlerReference handler = HandlerReference.parse(handlerReference);
        try {
            return handler.methodOf(Class.forName(handler.className(), false, classes), name);
        } catch (ClassNotFoundException e) {
            throw new FunctionLoadException(name, "handler class " + handler.className() + " not found");
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** How its environments start. */
    public LambdaLaunch launch() {
        return launch;
    }

    @Override
    public String handlerReference() {
        return handlerReference;
    }

    @Override
    public Class<?> eventType() {
        return eventType;
    }

    @Override
    public void logTo(LambdaLogger sink) {
        this.logs = sink;
    }

    @Override
    public Runnable prepareReload(ClassLoader classLoader) {
        throw new FunctionLoadException(name, "runs from the packaged artifact: rebuild it and restart to change its code");
    }

    /**
     * What a cold start of this function costs: a new environment started beside the others, its
     * init, its first invocation of {@code event} and a second, warm one; then it is stopped.
     */
    public ColdStart coldStart(Object event) throws InterruptedException {
        byte[] request = write(event);
        if (!slots.tryAcquire()) {
            // The measurement needs a new environment: a warm one makes room.
            ExecutionEnvironment warm = idle.pollFirst();
            if (warm != null) {
                discard(warm);
            }
            if (!slots.tryAcquire(WAIT_FOR_ENVIRONMENT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FunctionError("Runtime.Unknown", "no room for another execution environment");
            }
        }
        ExecutionEnvironment environment = start();
        try {
            long firstNanos = System.nanoTime();
            read(environment.invoke(request, UUID.randomUUID().toString(), clock.instant().plus(timeout), launch.functionArn(),
                    traceId(clock.instant()), null));
            Duration first = Duration.ofNanos(System.nanoTime() - firstNanos);
            long warmNanos = System.nanoTime();
            read(environment.invoke(request, UUID.randomUUID().toString(), clock.instant().plus(timeout), launch.functionArn(),
                    traceId(clock.instant()), null));
            return new ColdStart(environment.init(), first, Duration.ofNanos(System.nanoTime() - warmNanos));
        } finally {
            discard(environment);
        }
    }

    /** The phases of a cold start, as {@link #coldStart} measured them. */
    public record ColdStart(Duration init, Duration firstInvocation, Duration warmInvocation) {
        /** Process start to the first answer: what the first caller waits for. */
        public Duration total() {
            return init.plus(firstInvocation);
        }
    }

    /** Processes running for this function now (warm or busy). */
    public int environmentCount() {
        return environments.size();
    }

    @Override
    public Object invoke(String trigger, int batchSize, Object event, LambdaLogger alsoLogTo) {
        String requestId = UUID.randomUUID().toString();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        String outcome = "error";
        String error = null;
        ExecutionEnvironment environment = null;
        try {
            byte[] request = write(event);
            environment = takeIdleOrStart();
            byte[] answer = environment.invoke(request, requestId, clock.instant().plus(timeout), launch.functionArn(),
                    traceId(started), alsoLogTo);
            Object result = read(answer);
            outcome = result instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response
                    && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty() ? "partial" : "ok";
            return result;
        } catch (FunctionError e) {
            error = e.getMessage();
            throw new FunctionFailedException(name, e);
        } finally {
            if (environment != null) {
                if (environment.isAlive() && !closed) {
                    idle.addFirst(environment);
                } else {
                    discard(environment);
                }
            }
            invocations.accept(new Invocation(name, trigger, batchSize, started, Duration.ofNanos(System.nanoTime() - startNanos),
                    outcome, requestId, error));
        }
    }

    /**
     * A warm environment; a new one (a cold start) when every one is busy and fewer than the local
     * limit run; otherwise the next one to come free.
     */
    private ExecutionEnvironment takeIdleOrStart() {
        long giveUpAt = System.nanoTime() + WAIT_FOR_ENVIRONMENT.toNanos();
        try {
            while (true) {
                ExecutionEnvironment warm = idle.pollFirst();
                if (warm != null) {
                    if (warm.isAlive()) {
                        return warm;
                    }
                    discard(warm);
                } else if (slots.tryAcquire()) {
                    return start();
                } else if (System.nanoTime() > giveUpAt) {
                    throw new FunctionError("Runtime.Unknown", "no execution environment came free within " + WAIT_FOR_ENVIRONMENT.toSeconds()
                            + " s (" + maxEnvironments + " run at most)");
                } else {
                    warm = idle.pollFirst(50, TimeUnit.MILLISECONDS);
                    if (warm != null) {
                        idle.addFirst(warm);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionError("Runtime.Unknown", "interrupted while waiting for an execution environment");
        }
    }

    private ExecutionEnvironment start() {
        ExecutionEnvironment started;
        try {
            started = ExecutionEnvironment.start(name, launch.command(handlerReference), launch.taskRoot(), launch.environment(),
                    INIT_LIMIT.plus(timeout), clock, logs, outputLines);
        } catch (IOException e) {
            slots.release();
            throw new FunctionError("Runtime.Unknown", "starting the runtime interface client failed: " + e.getMessage());
        } catch (FunctionError initFailed) {
            slots.release();
            throw initFailed;
        }
        environments.add(started);
        if (closed) {
            discard(started);
            throw new FunctionError("Runtime.Unknown", "the runtime is stopping");
        }
        return started;
    }

    private void discard(ExecutionEnvironment environment) {
        if (environments.remove(environment)) {
            slots.release();
        }
        environment.close();
    }

    private static String traceId(Instant started) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "Root=1-" + Long.toHexString(started.getEpochSecond()) + "-" + HexFormat.of().toHexDigits(random.nextLong()).substring(4)
                + HexFormat.of().toHexDigits(random.nextInt()) + ";Parent=" + HexFormat.of().toHexDigits(random.nextLong()) + ";Sampled=0";
    }

    private static byte[] write(Object event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(event.getClass()).toJson(event, out);
        return out.toByteArray();
    }

    private Object read(byte[] answer) {
        if (responseType == void.class || responseType == Void.class) {
            return null;
        }
        return serializer(responseType).fromJson(new ByteArrayInputStream(answer));
    }

    /** As the runtime interface client chooses: Lambda's event serializers for its event types, Jackson for the rest. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type) {
        return SERIALIZERS.computeIfAbsent(type, key -> LambdaEventSerializers.isLambdaSupportedEvent(key.getName())
                ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(key, PackagedFunction.class.getClassLoader())
                : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(key));
    }

    @Override
    public void close() {
        closed = true;
        List<ExecutionEnvironment> running = List.copyOf(environments);
        running.forEach(ExecutionEnvironment::close);
        environments.clear();
        idle.clear();
    }
}
