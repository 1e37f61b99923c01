package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.chaos.Faults;
import dev.catalog.local.devtools.LocalRedrive;
import dev.catalog.local.aws.sns.OutboxMessage;
import dev.catalog.metrics.Metric;
import dev.catalog.testsupport.QueueDepth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What an operator lives through, on the runtime booted from serverless.yml: a command the product
 * worker cannot apply exhausts its retries, lands in the dead-letter queue, the alarm emails and
 * texts the on-call; once the bug is fixed the dead letter is redriven and the command succeeds,
 * exactly once.
 */
class OperationsE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String DEAD_LETTER_QUEUE = "catalog-dev-product-commands-dlq.fifo";
    private static final String ALARM = "catalog-dev-product-commands-dlq-not-empty";
    private static final Faults FAULTS = new Faults();
    private static LocalRuntime runtime;
    private static String repliesQueueUrl;

    @BeforeAll
    static void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)).withFaults(FAULTS));
        repliesQueueUrl = runtime.sqs().createQueue(request -> request.queueName("operations-e2e-replies")).queueUrl();
        String queueArn = runtime.sqs().getQueueAttributes(request -> request.queueUrl(repliesQueueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String repliesTopic = runtime.clients().sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith(":catalog-dev-replies")).findFirst().orElseThrow();
        runtime.clients().sns().subscribe(request -> request.topicArn(repliesTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aPoisonCommandAlertsOperatorsAndSucceedsExactlyOnceWhenRedrivenAfterTheFix() throws Exception {
        JsonNode created = accepted(send("POST", "/v1/products", "{\"name\":\"Elm stool\"}"));
        String productId = created.get("productId").asText();
        assertEquals("SUCCEEDED", awaitStatus(created.get("commandId").asText(), Duration.ofSeconds(20)));

        String poison = "poison-" + UUID.randomUUID();
        FAULTS.failOn("productWorker", body -> body.contains(poison));
        String commandId = accepted(send("PATCH", "/v1/products/" + productId, "{\"description\":\"" + poison + "\"}"))
                .get("commandId").asText();

        // Five receives later the command is a dead letter, and the alarm reaches the on-call by email and SMS.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> alarmNotifications("ALARM").stream()
                .map(message -> message.protocol() + ":" + message.endpoint()).toList()
                .containsAll(List.of("email:catalog-alerts@example.com", "sms:+15555550100")));
        JsonNode alarm = JSON.readTree(alarmNotifications("ALARM").get(0).message());
        assertEquals(DEAD_LETTER_QUEUE, alarm.at("/Trigger/Dimensions/0/value").asText());
        assertEquals("ACCEPTED", commandStatus(commandId), "nothing was applied");
        assertEquals(1L, auroraVersion(productId));
        assertEquals(1, queueDepth(DEAD_LETTER_QUEUE));

        double succeededBefore = runtime.metrics().total(Metric.COMMANDS_SUCCEEDED, "product.update");
        FAULTS.heal("productWorker");
        LocalRedrive.Moved moved = new LocalRedrive(runtime.sqs()).redrive(DEAD_LETTER_QUEUE);

        assertEquals(new LocalRedrive.Moved(DEAD_LETTER_QUEUE, "catalog-dev-product-commands.fifo", 1), moved);
        assertEquals("SUCCEEDED", awaitStatus(commandId, Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !alarmNotifications("OK").isEmpty());
        Thread.sleep(3000); // time for a second application or a second reply, were there one
        assertEquals(2L, auroraVersion(productId), "one Aurora change");
        assertEquals(1, repliesFor(commandId), "one reply");
        assertEquals(0, queueDepth(DEAD_LETTER_QUEUE));
        assertEquals(1.0, runtime.metrics().total(Metric.COMMANDS_SUCCEEDED, "product.update") - succeededBefore,
                "the status writer counted one success");
    }

    private static List<OutboxMessage> alarmNotifications(String state) {
        return runtime.sns().outbox().stream()
                .filter(message -> message.subject() != null && message.subject().startsWith(state + ": \"" + ALARM + "\""))
                .toList();
    }

    private static int queueDepth(String queueName) {
        return QueueDepth.of(runtime.sqs(), runtime.sqs().getQueueUrl(request -> request.queueName(queueName)).queueUrl());
    }

    private static final List<JsonNode> REPLIES = new ArrayList<>();

    private static synchronized int repliesFor(String commandId) throws Exception {
        List<Message> received;
        do {
            received = runtime.sqs().receiveMessage(request -> request.queueUrl(repliesQueueUrl).maxNumberOfMessages(10)).messages();
            for (Message message : received) {
                REPLIES.add(JSON.readTree(message.body()));
                runtime.sqs().deleteMessage(request -> request.queueUrl(repliesQueueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!received.isEmpty());
        return (int) REPLIES.stream().filter(reply -> reply.get("commandId").asText().equals(commandId)).count();
    }

    private static long auroraVersion(String productId) throws Exception {
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT version FROM products WHERE id = ?::uuid")) {
            select.setString(1, productId);
            ResultSet row = select.executeQuery();
            return row.next() ? row.getLong(1) : -1;
        }
    }

    private static String awaitStatus(String commandId, Duration atMost) {
        AtomicReference<String> status = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            status.set(commandStatus(commandId));
            return !"ACCEPTED".equals(status.get()) && !"UNKNOWN".equals(status.get());
        });
        return status.get();
    }

    private static String commandStatus(String commandId) throws Exception {
        HttpResponse<String> response = send("GET", "/v1/commands/" + commandId, null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("status").asText() : "UNKNOWN";
    }

    private static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + path)).timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + runtime.tokens().get(body == null ? "viewer" : "editor"));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
