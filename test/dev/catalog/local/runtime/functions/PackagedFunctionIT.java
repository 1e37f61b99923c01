package dev.catalog.local.runtime.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.catalog.local.runtime.functions.fixtures.RuntimeTierFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda runtime tier against AWS's own runtime interface client: a small artifact of fixture
 * handlers, extracted as a task root, each execution environment a JVM of its own.
 */
class PackagedFunctionIT {
    private static final String INSPECT = RuntimeTierFixtures.Inspect.class.getName() + "::handleRequest";
    private static final String BROKEN_INIT = RuntimeTierFixtures.BrokenInit.class.getName() + "::handleRequest";
    private static final String PRIMED = RuntimeTierFixtures.Primed.class.getName() + "::handleRequest";
    private static final Map<String, String> PLATFORM = Map.of("AWS_ACCESS_KEY_ID", "LOCALACCESSKEY",
            "AWS_SECRET_ACCESS_KEY", "localsecretkey", "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1");

    @TempDir
    static Path work;
    private static LambdaRuntimeTier tier;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final StringBuffer logs = new StringBuffer();
    private final List<PackagedFunction> started = new ArrayList<>();

    @BeforeAll
    static void packageTheFixtures() throws IOException {
        Path classes = Path.of("target", "test-classes");
        Path jar = work.resolve("fixtures.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve(RuntimeTierFixtures.class.getPackageName().replace('.', '/')))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
            }
            // org.crac ships in the artifact, as in the functions' jar: the runtime provides none.
            try (JarFile crac = new JarFile(Path.of(org.crac.Core.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
                for (JarEntry entry : java.util.Collections.list(crac.entries())) {
                    if (entry.getName().startsWith("org/crac/") && entry.getName().endsWith(".class")) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        crac.getInputStream(entry).transferTo(out);
                    }
                }
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        tier = LambdaRuntimeTier.prepare(jar, work.resolve("task-root"));
    }

    @AfterEach
    void stopEnvironments() {
        started.forEach(PackagedFunction::close);
    }

    @Test
    void answersThroughTheRuntimeApiAndReusesTheWarmEnvironment() {
        PackagedFunction function = function("inspect", INSPECT, Duration.ofSeconds(20), 256, 4);

        Map<?, ?> first = (Map<?, ?>) function.invoke("test", 1, Map.of());
        Map<?, ?> second = (Map<?, ?>) function.invoke("test", 1, Map.of());

        assertEquals(first.get("pid"), second.get("pid"), "the second invocation ran in the warm environment");
        assertEquals(1, function.environmentCount());
        assertEquals("catalog-test-inspect", first.get("functionName"));
        assertEquals("arn:aws:lambda:eu-west-1:000000000000:function:catalog-test-inspect", first.get("functionArn"));
        assertEquals(invocations.get(0).requestId(), first.get("requestId"), "Lambda-Runtime-Aws-Request-Id");
        assertNotEquals(first.get("requestId"), second.get("requestId"));
        int remaining = ((Number) first.get("remainingMillis")).intValue();
        assertTrue(remaining > 0 && remaining <= 20_000, "Lambda-Runtime-Deadline-Ms gives " + remaining + " ms");
        assertTrue(String.valueOf(first.get("traceHeader")).startsWith("Root=1-"), "Lambda-Runtime-Trace-Id: " + first.get("traceHeader"));
        assertEquals(tier.taskRoot().toAbsolutePath().toString(), first.get("workingDirectory"), "runs in the task root");
        assertTrue(logs.toString().contains("inspected " + first.get("requestId")), "the function's output reaches its log");
        assertEquals(List.of("ok", "ok"), invocations.stream().map(Invocation::outcome).toList());
    }

    @Test
    void givesTheProcessExactlyTheFunctionsVariablesAndLambdasReservedOnes() {
        PackagedFunction function = function("variables", INSPECT, Duration.ofSeconds(20), 256, 4);

        Map<?, ?> answer = (Map<?, ?>) function.invoke("test", 1, Map.of());

        Set<String> expected = new TreeSet<>(List.of("GREETING", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_EXECUTION_ENV", "AWS_REGION", "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT",
                "LAMBDA_RUNTIME_DIR", "TZ", "LANG", "PATH", "AWS_LAMBDA_RUNTIME_API"));
        expected.addAll(PLATFORM.keySet());
        assertEquals(expected, new TreeSet<>((List<?>) answer.get("variables")), "nothing of the runtime's own environment leaks in");
    }

    @Test
    void sizesTheHeapFromTheFunctionsMemory() {
        Map<?, ?> small = (Map<?, ?>) function("small", INSPECT, Duration.ofSeconds(20), 256, 4).invoke("test", 1, Map.of());

        long heapMiB = ((Number) small.get("maxHeapBytes")).longValue() / (1024 * 1024);
        assertTrue(heapMiB > 180 && heapMiB <= 256 * 85 / 100, "256 MB of memory gave a heap of " + heapMiB + " MiB");
    }

    @Test
    void aTimedOutInvocationFailsAndItsEnvironmentIsStoppedAndReplaced() {
        PackagedFunction function = function("slow", INSPECT, Duration.ofSeconds(1), 256, 4);
        long warmPid = ((Number) ((Map<?, ?>) function.invoke("test", 1, Map.of())).get("pid")).longValue();

        FunctionFailedException timedOut = assertThrows(FunctionFailedException.class,
                () -> function.invoke("test", 1, Map.of("sleepMillis", 5_000)));

        assertEquals("Sandbox.Timedout", ((FunctionError) timedOut.getCause()).errorType());
        assertFalse(ProcessHandle.of(warmPid).map(ProcessHandle::isAlive).orElse(false), "the timed-out process is stopped");
        assertEquals(0, function.environmentCount());
        long nextPid = ((Number) ((Map<?, ?>) function.invoke("test", 1, Map.of())).get("pid")).longValue();
        assertNotEquals(warmPid, nextPid, "a new environment serves the next invocation");
    }

    @Test
    void aHandlerExceptionIsAFunctionErrorAndTheEnvironmentStaysWarm() {
        PackagedFunction function = function("failing", INSPECT, Duration.ofSeconds(20), 256, 4);
        Object pid = ((Map<?, ?>) function.invoke("test", 1, Map.of())).get("pid");

        FunctionFailedException failed = assertThrows(FunctionFailedException.class,
                () -> function.invoke("test", 1, Map.of("fail", "the product store said no")));

        FunctionError error = (FunctionError) failed.getCause();
        assertEquals("Runtime.UserException", error.errorType());
        assertTrue(error.getMessage().contains("IllegalStateException: the product store said no"), error.getMessage());
        assertEquals(pid, ((Map<?, ?>) function.invoke("test", 1, Map.of())).get("pid"));
        assertEquals(List.of("ok", "error", "ok"), invocations.stream().map(Invocation::outcome).toList());
    }

    @Test
    void anInitFailureFailsTheInvocationWithTheFunctionsOutputAndInitRunsAgainNextTime() {
        PackagedFunction function = function("broken", BROKEN_INIT, Duration.ofSeconds(20), 256, 4);

        FunctionFailedException first = assertThrows(FunctionFailedException.class, () -> function.invoke("test", 1, Map.of()));
        FunctionFailedException second = assertThrows(FunctionFailedException.class, () -> function.invoke("test", 1, Map.of()));

        FunctionError error = (FunctionError) first.getCause();
        assertEquals("Runtime.BadFunctionCode", error.errorType(), error.getMessage());
        assertTrue(error.getMessage().contains("init broke"), error.getMessage());
        assertTrue(error.getMessage().contains("the configuration store cannot be reached"), "the function's stderr: " + error.getMessage());
        assertTrue(second.getCause().getMessage().contains("init broke"), "init ran again for the second invocation");
        assertEquals(0, function.environmentCount());
        assertEquals(2, count(logs.toString(), "the configuration store cannot be reached"), "two inits, two failures");
    }

    @Test
    void aSnapStartFunctionRunsItsPrimingHooksAtInitAndAnOnDemandOneDoesNot() {
        assertEquals(Boolean.TRUE, function("primed", PRIMED, Duration.ofSeconds(20), 256, 1, true).invoke("test", 1, Map.of()),
                "the runtime client ran the org.crac hook before its first event (restore/next answered)");
        assertEquals(Boolean.FALSE, function("unprimed", PRIMED, Duration.ofSeconds(20), 256, 1, false).invoke("test", 1, Map.of()));
    }

    @Test
    void concurrentInvocationsRunInEnvironmentsOfTheirOwnUpToTheLimit() throws Exception {
        PackagedFunction function = function("busy", INSPECT, Duration.ofSeconds(30), 256, 2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(callers.submit(() -> function.invoke("test", 1, Map.of("sleepMillis", 1_500))));
            }
            Set<Object> pids = new HashSet<>();
            for (Future<Object> answer : answers) {
                pids.add(((Map<?, ?>) answer.get()).get("pid"));
            }
            assertEquals(2, pids.size(), "one invocation at a time per environment, two environments at most: " + pids);
        } finally {
            callers.shutdownNow();
        }
    }

    private PackagedFunction function(String name, String handler, Duration timeout, int memoryMb, int maxEnvironments) {
        return function(name, handler, timeout, memoryMb, maxEnvironments, false);
    }

    private PackagedFunction function(String name, String handler, Duration timeout, int memoryMb, int maxEnvironments, boolean snapStart) {
        LambdaLaunch launch = tier.launch("catalog-test-" + name, handler, "java21", memoryMb, snapStart, "eu-west-1", "000000000000",
                Map.of("GREETING", "hello"), PLATFORM);
        LambdaLogger sink = new LambdaLogger() {
            @Override
            public void log(String message) {
                logs.append(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
        PackagedFunction function = new PackagedFunction(name, handler, launch, timeout, maxEnvironments, Clock.systemUTC(),
                getClass().getClassLoader(), invocations::add, line -> { });
        function.logTo(sink);
        started.add(function);
        return function;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
