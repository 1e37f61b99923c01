package dev.catalog.local.e2e;

import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.chaos.Faults;
import dev.catalog.local.runtime.clients.ExternalServices;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.aws.dynamodb.EmbeddedDynamoDb;
import dev.catalog.local.aws.s3.EmbeddedS3;
import dev.catalog.local.aws.sqs.EmbeddedSqs;
import dev.catalog.local.services.FreePort;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.SnsHttpServer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The runtime in its external-services mode (the mode the LocalStack tier uses) against the
 * embedded services started on their own, as an emulator in a container would be: proves that mode
 * where there is no Docker engine. Topics and subscriptions are created through the SNS API and
 * alarms are published through it, exactly as against LocalStack.
 */
final class ExternalServicesPipeline {
    /** serverless.yml's default region and the account every local ARN uses. */
    private static final String REGION = "eu-west-1";

    private ExternalServicesPipeline() {
    }

    static PipelineUnderTest start() throws Exception {
        Deque<AutoCloseable> emulator = new ArrayDeque<>();
        AutoCloseable stopEmulator = () -> {
            while (!emulator.isEmpty()) {
                emulator.pop().close();
            }
        };
        try {
            EmbeddedSqs sqs = push(emulator, EmbeddedSqs.start(REGION, LocalRuntime.LOCAL_ACCOUNT_ID, FreePort.find()));
            EmbeddedDynamoDb dynamoDb = push(emulator, EmbeddedDynamoDb.start(FreePort.find()));
            EmbeddedS3 s3 = push(emulator, EmbeddedS3.start(REGION, FreePort.find(), LocalClientSettings.ACCESS_KEY,
                    LocalClientSettings.SECRET_KEY, created -> { }));
            // The emulator's SNS delivers to the emulator's SQS through a client of its own.
            LocalEndpoints sqsOnly = new LocalEndpoints(REGION, LocalRuntime.LOCAL_ACCOUNT_ID, sqs.endpoint(), unused(), unused(), unused());
            var sqsBuilder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
            new LocalClientSettings(sqsOnly).configure(sqsBuilder);
            SqsClient delivery = push(emulator, sqsBuilder.build());
            LocalSns sns = new LocalSns(REGION, LocalRuntime.LOCAL_ACCOUNT_ID, delivery, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString(), message -> { });
            SnsHttpServer snsServer = push(emulator, new SnsHttpServer(sns, 0));

            Faults faults = new Faults();
            LocalRuntime runtime = LocalRuntime.start(RuntimePipeline.testOptions().withFaults(faults),
                    new ExternalServices(sqs.endpoint(), snsServer.endpoint(), s3.endpoint(), dynamoDb.endpoint()));
            return new RuntimePipeline("external services", runtime, faults, stopEmulator, () -> Optional.of(sns.outbox()));
        } catch (Exception | Error e) {
            stopEmulator.close();
            throw e;
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> started, T service) {
        started.push(service);
        return service;
    }

    private static URI unused() {
        return URI.create("http://127.0.0.1:9");
    }
}
