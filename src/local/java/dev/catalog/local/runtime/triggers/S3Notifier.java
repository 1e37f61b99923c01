package dev.catalog.local.runtime.triggers;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import dev.catalog.local.runtime.functions.FunctionFailedException;
import dev.catalog.local.runtime.functions.LocalFunction;
import dev.catalog.local.runtime.provision.BucketNotification;
import dev.catalog.local.aws.s3.CreatedObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends the S3 event notifications a bucket's configuration asks for when an object is created
 * through any client: to SQS queues, SNS topics and functions ({@code s3} events in serverless.yml).
 * Delivery is asynchronous, as on AWS: the upload's answer never waits for it.
 */
public final class S3Notifier implements Consumer<CreatedObject>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Notifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final Clock clock;
    private final SqsClient sqs;
    private final BiConsumer<String, String> publishToTopic;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "s3-notifications");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() << 16);
    private volatile List<BucketNotification> notifications = List.of();
    private volatile Map<String, LocalFunction> functions = Map.of();

    /** @param publishToTopic publishes (topic ARN, message) on the local SNS */
    public S3Notifier(String region, Clock clock, SqsClient sqs, BiConsumer<String, String> publishToTopic) {
        this.region = region;
        this.clock = clock;
        this.sqs = sqs;
        this.publishToTopic = publishToTopic;
    }

    /** Sets what to notify; functions are looked up by name for {@code function} destinations. */
    public void configure(List<BucketNotification> notifications, Map<String, LocalFunction> functions) {
        this.notifications = List.copyOf(notifications);
        this.functions = Map.copyOf(functions);
    }

    @Override
    public void accept(CreatedObject object) {
        String sequence = String.format("%018X", sequencer.incrementAndGet());
        for (BucketNotification notification : notifications) {
            if (notification.bucket().equals(object.bucket()) && notification.matches(object.eventName(), object.key())) {
                String message = S3EventRecords.notificationJson(object, notification.configurationId(), region, clock.instant(),
                        sequence, UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT));
                delivery.execute(() -> deliver(notification, message));
            }
        }
    }

    private void deliver(BucketNotification notification, String message) {
        try {
            switch (notification.destinationType()) {
                case "queue" -> {
                    String queueName = notification.destination().substring(notification.destination().lastIndexOf(':') + 1);
                    String url = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
                    sqs.sendMessage(request -> request.queueUrl(url).messageBody(message));
                }
                case "topic" -> publishToTopic.accept(notification.destination(), message);
                case "function" -> invoke(functions.get(notification.destination()), message);
                default -> LOG.warn("unknown S3 notification destination {}", notification.destinationType());
            }
        } catch (RuntimeException e) {
            LOG.warn("S3 notification {} to {} failed: {}", notification.configurationId(), notification.destination(), e.toString());
        }
    }

    private static void invoke(LocalFunction function, String message) {
        try {
            JsonNode record = JSON.readTree(message).get("Records").get(0);
            function.invoke("s3", 1, new S3Event(List.of(toRecord(record))));
        } catch (FunctionFailedException e) {
            LOG.warn("{} failed on an S3 event: {}", function.name(), e.getCause() == null ? e : e.getCause());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static S3EventNotification.S3EventNotificationRecord toRecord(JsonNode record) {
        JsonNode s3 = record.get("s3");
        JsonNode object = s3.get("object");
        JsonNode bucket = s3.get("bucket");
        return new S3EventNotification.S3EventNotificationRecord(
                record.get("awsRegion").asText(),
                record.get("eventName").asText(),
                record.get("eventSource").asText(),
                record.get("eventTime").asText(),
                record.get("eventVersion").asText(),
                new S3EventNotification.RequestParametersEntity(record.at("/requestParameters/sourceIPAddress").asText()),
                new S3EventNotification.ResponseElementsEntity(record.at("/responseElements/x-amz-id-2").asText(),
                        record.at("/responseElements/x-amz-request-id").asText()),
                new S3EventNotification.S3Entity(s3.get("configurationId").asText(),
                        new S3EventNotification.S3BucketEntity(bucket.get("name").asText(),
                                new S3EventNotification.UserIdentityEntity(bucket.at("/ownerIdentity/principalId").asText()),
                                bucket.get("arn").asText()),
                        new S3EventNotification.S3ObjectEntity(object.get("key").asText(), object.get("size").asLong(),
                                object.get("eTag").asText(), null, object.get("sequencer").asText()),
                        s3.get("s3SchemaVersion").asText()),
                new S3EventNotification.UserIdentityEntity(record.at("/userIdentity/principalId").asText()));
    }

    @Override
    public void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(2, TimeUnit.SECONDS);
    }
}
