package dev.catalog.local.harness.bench;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.cloudformation.LocalCustomResources;
import dev.catalog.local.runtime.functions.LambdaLaunch;
import dev.catalog.local.runtime.functions.LambdaRuntimeTier;
import dev.catalog.local.runtime.functions.LocalFunction;
import dev.catalog.local.runtime.functions.PackagedFunction;
import dev.catalog.local.runtime.functions.PackagedFunction.ColdStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * {@code make bench-coldstart}: cold starts as they happen on Lambda. With the pipeline running in
 * the Lambda runtime tier, every function starts in a new execution environment (a JVM started by
 * AWS's runtime interface client in the extracted artifact) and serves its sample event from
 * {@code events/} (listed in {@code events/samples.properties}) twice: a cold, then a warm
 * invocation. A hello-world handler, packaged on its own, is started the same way as the baseline.
 *
 * <p>Each function is measured twice more: without SnapStart (init, then a first invocation that
 * loads everything it needs) and with it (the runtime client runs the function's priming hooks at
 * init, as before Lambda's snapshot; the first invocation after that is what a restore leaves,
 * Lambda's own restore time not included). Medians of three runs.
 */
public final class ColdStartBenchmark {
    private static final int RUNS = 3;

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) {
        // DynamoDB Local leaves threads that would keep the JVM alive: exit either way, non-zero on a failure.
        try {
            run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run() throws Exception {
        Path artifact = LocalOptions.LAMBDA_ARTIFACT;
        System.out.printf("Lambda artifact %s: %.1f MiB%n", artifact, Files.size(artifact) / 1_048_576.0);
        Properties samples = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("events/samples.properties"))) {
            samples.load(reader);
        }
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0)
                .withFunctionMode(LocalOptions.FunctionMode.LAMBDA_RUNTIME));
             LocalCustomResources cloudFormation = new LocalCustomResources(runtime.config().region(), LocalRuntime.LOCAL_ACCOUNT_ID,
                     "catalog-bench")) {
            PackagedFunction anyFunction = (PackagedFunction) runtime.function(runtime.handlers().keySet().iterator().next()).orElseThrow();
            List<ColdStart> hello = measure(helloWorld(runtime, anyFunction.launch().environment().getOrDefault("JAVA_TOOL_OPTIONS", "")),
                    Map.of());
            long helloMillis = median(hello, ColdStart::total);
            System.out.printf("%-24s %8s %8s %8s %8s %10s %8s%n", "function", "cold ms", "× hello", "init ms", "first ms",
                    "primed ms", "warm ms");
            System.out.printf("%-24s %8d %8.1f %8d %8d %10s %8d%n", "(hello world)", helloMillis, 1.0, median(hello, ColdStart::init),
                    median(hello, ColdStart::firstInvocation), "-", median(hello, ColdStart::warmInvocation));
            for (String name : runtime.handlers().keySet()) {
                String sample = samples.getProperty(name);
                if (sample == null) {
                    System.out.printf("%-24s %8s  (no sample in events/samples.properties)%n", name, "-");
                    continue;
                }
                PackagedFunction deployed = (PackagedFunction) runtime.function(name).orElseThrow();
                Object event = EventLoader.loadEvent(sample, deployed.eventType());
                if (event instanceof Map<?, ?> request && request.containsKey("ResponseURL")) {
                    event = aimedAtTheRuntime(runtime, cloudFormation, name, request);
                }
                PackagedFunction onDemand = new PackagedFunction(name, deployed.handlerReference(), deployed.launch().onDemand(),
                        Duration.ofSeconds(60), 1, Clock.systemUTC(), ColdStartBenchmark.class.getClassLoader(), invocation -> { },
                        line -> { });
                List<ColdStart> cold = measure(onDemand, event);
                List<ColdStart> primed = measure(deployed, event);
                long total = median(cold, ColdStart::total);
                System.out.printf("%-24s %8d %8.1f %8d %8d %10d %8d%n", name, total, (double) total / helloMillis, median(cold, ColdStart::init),
                        median(cold, ColdStart::firstInvocation), median(primed, ColdStart::firstInvocation),
                        median(cold, ColdStart::warmInvocation));
            }
        }
    }

    /** A custom resource's sample with the local resource's properties and a ResponseURL that takes every answer. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> aimedAtTheRuntime(LocalRuntime runtime, LocalCustomResources cloudFormation, String name,
                                                         Map<?, ?> sample) {
        var declared = runtime.declaredCustomResources().stream().filter(resource -> resource.functionName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no custom resource runs " + name));
        return cloudFormation.aim((Map<String, Object>) sample, declared);
    }

    /** Hello world in an artifact of its own, started through the same client with the same JVM options as the functions. */
    private static PackagedFunction helloWorld(LocalRuntime runtime, String javaToolOptions) throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "bench"));
        Path jar = directory.resolve("hello-world.jar");
        String entry = HelloWorldHandler.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var in = HelloWorldHandler.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        LambdaRuntimeTier tier = LambdaRuntimeTier.prepare(jar, directory.resolve("hello-world-task-root"));
        String handler = HelloWorldHandler.class.getName() + "::handleRequest";
        LambdaLaunch launch = tier.launch("hello-world", handler, "java21", 1024, false, runtime.config().region(),
                LocalRuntime.LOCAL_ACCOUNT_ID, javaToolOptions.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", javaToolOptions), Map.of());
        return new PackagedFunction("hello-world", handler, launch, Duration.ofSeconds(60), 1, Clock.systemUTC(),
                ColdStartBenchmark.class.getClassLoader(), invocation -> { }, line -> { });
    }

    private static List<ColdStart> measure(PackagedFunction function, Object event) throws InterruptedException {
        List<ColdStart> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            runs.add(function.coldStart(event));
        }
        return runs;
    }

    private static long median(List<ColdStart> runs, Function<ColdStart, Duration> phase) {
        return runs.stream().map(phase).map(Duration::toMillis).sorted().toList().get(runs.size() / 2);
    }
}
