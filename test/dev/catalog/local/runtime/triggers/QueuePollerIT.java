package dev.catalog.local.runtime.triggers;

import dev.catalog.local.runtime.faults.FaultInjection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.local.runtime.functions.LocalFunction;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context.BeforeExecution;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The poller's batching window against ElasticMQ: batches fill up behind it, without a receive every few milliseconds. */
class QueuePollerIT {
    private static final AtomicInteger receives = new AtomicInteger();
    private static SQSRestServer elasticMq;
    private static SqsClient sqs;

    /** Records the size of every batch it is invoked with. */
    public static final class BatchSizes implements RequestHandler<SQSEvent, Void> {
        static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

        private BatchSizes(FunctionEnvironment environment) {
        }

        @Override
        public Void handleRequest(SQSEvent event, Context context) {
            SEEN.add(event.getRecords().size());
            return null;
        }

        /** How the local runtime builds it. */
        public static BatchSizes from(FunctionEnvironment environment) {
            return new BatchSizes(environment);
        }
    }

    @BeforeAll
    static void startSqs() {
        elasticMq = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").withAWSRegion("us-east-1").start();
        int port = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(BeforeExecution context, ExecutionAttributes attributes) {
                        if ("ReceiveMessage".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                            receives.incrementAndGet();
                        }
                    }
                }))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("LOCALACCESSKEY", "localsecretkey")))
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        elasticMq.stopAndWait();
    }

    @BeforeEach
    void forget() {
        BatchSizes.SEEN.clear();
        receives.set(0);
    }

    @Test
    void aBatchingWindowGathersMessagesSentInBurstsIntoOneBatchWithFewReceives() throws Exception {
        QueueSource source = source("windowed", 100, Duration.ofSeconds(3));
        try (QueuePoller poller = new QueuePoller(source, function(), sqs, Optional.empty(), FaultInjection.NONE).start()) {
            send(source, 10);
            Thread.sleep(300);
            send(source, 10);
            Thread.sleep(300);
            send(source, 5);

            await().atMost(Duration.ofSeconds(20)).until(() -> BatchSizes.SEEN.stream().mapToInt(Integer::intValue).sum() == 25);
        }
        assertEquals(List.of(25), BatchSizes.SEEN, "every message arrived within the window");
        // A receive every 20 ms would have made ~150 in the window; at most one per 200 ms plus the full ones it makes ~20.
        assertTrue(receives.get() <= 30, "receives while the window was open: " + receives.get());
    }

    @Test
    void withoutAWindowABatchIsWhateverOneReceiveFinds() throws Exception {
        QueueSource source = source("unwindowed", 10, Duration.ZERO);
        send(source, 10);
        send(source, 3);
        try (QueuePoller poller = new QueuePoller(source, function(), sqs, Optional.empty(), FaultInjection.NONE).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> BatchSizes.SEEN.stream().mapToInt(Integer::intValue).sum() == 13);
        }
        assertTrue(BatchSizes.SEEN.stream().allMatch(size -> size <= 10), BatchSizes.SEEN.toString());
    }

    private static QueueSource source(String queueName, int batchSize, Duration window) {
        String url = sqs.createQueue(request -> request.queueName(queueName)).queueUrl();
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new QueueSource(arn, url, "us-east-1", batchSize, window, false, 1);
    }

    private static LocalFunction function() {
        return LocalFunction.load("batchSizes", BatchSizes.class.getName() + "::handleRequest",
                new FunctionEnvironment(CatalogSettings.from(Map.of("CATALOG_STAGE", "test")), null, Clock.systemUTC()),
                Duration.ofSeconds(5), 128, QueuePollerIT.class.getClassLoader(), invocation -> { });
    }

    private static void send(QueueSource source, int count) {
        List<SendMessageBatchRequestEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("message " + i).build());
        }
        sqs.sendMessageBatch(request -> request.queueUrl(source.queueUrl()).entries(entries));
    }
}
