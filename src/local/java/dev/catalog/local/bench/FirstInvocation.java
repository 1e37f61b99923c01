package dev.catalog.local.bench;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.aws.AwsClients;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.local.aws.LocalClientSettings;
import dev.catalog.local.aws.LocalEndpoints;
import dev.catalog.local.lambda.LocalFunction;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Runs in a fresh JVM: builds one handler against the running local services, serves one sample
 * event, and prints how long that took since the JVM started — a Lambda cold start without the
 * Lambda runtime's own share.
 *
 * <p>Arguments: handler reference, sample event file (or {@code -}), a properties file with the
 * function's environment and the local endpoints.
 */
public final class FirstInvocation {
    private FirstInvocation() {
    }

    public static void main(String[] args) throws Exception {
        String handler = args[0];
        java.util.Properties settings = new java.util.Properties();
        try (var reader = Files.newBufferedReader(Path.of(args[2]))) {
            settings.load(reader);
        }
        LocalEndpoints endpoints = new LocalEndpoints(settings.getProperty("endpoint.region"), settings.getProperty("endpoint.account"),
                URI.create(settings.getProperty("endpoint.sqs")), URI.create(settings.getProperty("endpoint.sns")),
                URI.create(settings.getProperty("endpoint.s3")), URI.create(settings.getProperty("endpoint.dynamodb")));
        Map<String, String> environment = new java.util.HashMap<>();
        settings.stringPropertyNames().stream().filter(name -> name.startsWith("env."))
                .forEach(name -> environment.put(name.substring(4), settings.getProperty(name)));

        FunctionEnvironment functionEnvironment = new FunctionEnvironment(CatalogSettings.from(environment),
                new AwsClients(new LocalClientSettings(endpoints)), Clock.systemUTC());
        LocalFunction function = LocalFunction.load("bench", handler, functionEnvironment, Duration.ofSeconds(30), 1024,
                FirstInvocation.class.getClassLoader(), invocation -> { });
        boolean restored = args.length > 3 && args[3].equals("restored");
        if (restored) {
            // What SnapStart's snapshot holds: the handler built and primed (SnapStartPriming's harmless event).
            primeAsBeforeTheSnapshot(function);
        }
        long start = System.currentTimeMillis();
        // The same event deserialisation (aws-lambda-java-serialization) that Lambda's Java runtime uses.
        Object event = args[1].equals("-") ? Map.of() : EventLoader.loadEvent(args[1], function.eventType());
        function.invoke("bench", 1, event);
        if (restored) {
            System.out.println("restored-invocation-ms=" + (System.currentTimeMillis() - start));
        } else {
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("first-invocation-ms=" + sinceJvmStart);
        }
        System.exit(0);
    }

    private static void primeAsBeforeTheSnapshot(LocalFunction function) {
        Object harmless;
        if (function.eventType() == com.amazonaws.services.lambda.runtime.events.SQSEvent.class) {
            harmless = SnapStartPriming.malformedSqsMessage();
        } else if (function.eventType() == com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class) {
            harmless = SnapStartPriming.anonymousRequest("GET", "/");
        } else {
            return; // scheduled functions prime nothing beyond their construction
        }
        try {
            function.invoke("priming", 1, harmless);
        } catch (RuntimeException e) {
            System.out.println("priming failed: " + e);
        }
    }
}
