package dev.catalog.local.bench;

import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;
import dev.catalog.local.aws.LocalEndpoints;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code make bench-coldstart}: for every function, a fresh JVM builds the handler against the
 * running local services and serves its sample event from {@code events/} (listed in
 * {@code events/samples.properties}); the same for a hello-world handler gives the baseline.
 * Prints the median of three runs, the ratio to hello-world, the Lambda artifact's size and, as
 * SnapStart would see it, the first invocation of a handler that was built and primed beforehand
 * ("restored ms": Lambda's own restore time comes on top and cannot be measured here).
 */
public final class ColdStartBenchmark {
    private static final int RUNS = 3;

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Properties samples = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("events/samples.properties"))) {
            samples.load(reader);
        }
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            Map<String, Map<String, String>> environments = runtime.functionEnvironments();
            long helloWorld = median(HelloWorldHandler.class.getName() + "::handleRequest", "-",
                    Map.of(dev.catalog.config.EnvironmentVariables.STAGE, runtime.config().stage()), runtime.endpoints(), false);
            System.out.printf("%-22s %8s %8s %12s%n", "function", "first ms", "× hello", "restored ms");
            System.out.printf("%-22s %8d %8.1f%n", "(hello world)", helloWorld, 1.0);
            for (Map.Entry<String, String> function : runtime.handlers().entrySet()) {
                String sample = samples.getProperty(function.getKey());
                if (sample == null) {
                    System.out.printf("%-22s %8s %8s  (no sample in events/samples.properties)%n", function.getKey(), "-", "-");
                    continue;
                }
                long millis = median(function.getValue(), sample, environments.get(function.getKey()), runtime.endpoints(), false);
                // SnapStart: the handler was built and primed before the snapshot; what is left is this invocation.
                long restored = median(function.getValue(), sample, environments.get(function.getKey()), runtime.endpoints(), true);
                System.out.printf("%-22s %8d %8.1f %12d%n", function.getKey(), millis, (double) millis / helloWorld, restored);
            }
        }
        Path artifact = Path.of("target/catalog-lambda.jar");
        if (Files.exists(artifact)) {
            System.out.printf("Lambda artifact %s: %.1f MB%n", artifact, Files.size(artifact) / 1_048_576.0);
        }
        System.exit(0);
    }

    private static long median(String handler, String event, Map<String, String> environment, LocalEndpoints endpoints,
            boolean restored) throws IOException, InterruptedException {
        Path settings = Files.createTempFile("coldstart-", ".properties");
        Properties properties = new Properties();
        environment.forEach((name, value) -> properties.setProperty("env." + name, value));
        properties.setProperty("endpoint.region", endpoints.region());
        properties.setProperty("endpoint.account", endpoints.accountId());
        properties.setProperty("endpoint.sqs", endpoints.sqs().toString());
        properties.setProperty("endpoint.sns", endpoints.sns().toString());
        properties.setProperty("endpoint.s3", endpoints.s3().toString());
        properties.setProperty("endpoint.dynamodb", endpoints.dynamoDb().toString());
        try (Writer writer = Files.newBufferedWriter(settings)) {
            properties.store(writer, "cold start benchmark");
        }
        List<Long> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            runs.add(firstInvocation(handler, event, settings, environment.getOrDefault("JAVA_TOOL_OPTIONS", ""), restored));
        }
        Files.delete(settings);
        return runs.stream().sorted().toList().get(RUNS / 2);
    }

    private static long firstInvocation(String handler, String event, Path settings, String jvmOptions, boolean restored)
            throws IOException, InterruptedException {
        String marker = restored ? "restored-invocation-ms=" : "first-invocation-ms=";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jvmOptions.isBlank()) {
            command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstInvocation.class.getName(), handler, event, settings.toString(),
                restored ? "restored" : "cold"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.contains(marker)) {
            throw new IllegalStateException(handler + " failed its first invocation:\n" + output);
        }
        String figure = output.substring(output.lastIndexOf(marker) + marker.length()).trim().split("\\s")[0];
        return Long.parseLong(figure);
    }
}
