package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Backpressure end to end: the local SNS throttles the commands topic above a rate
 * ({@code --sns-publish-rate}, as SNS above its publish quota), a burst of single and bulk
 * requests meets it, and the API answers 503 THROTTLED with Retry-After instead of an error. Each
 * command stays ACCEPTED under its key, a retry after Retry-After publishes it, and a subscription
 * to the commands topic sees every command exactly once: nothing lost, nothing twice, no bulk
 * request half-published.
 */
class BackpressureE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Messages a second per topic: far below the burst the test sends, so throttling is certain. */
    private static final double PUBLISH_RATE = 10;
    private static final int SINGLE_REQUESTS = 60;
    private static final int BULK_REQUESTS = 4;
    private static LocalRuntime runtime;
    private static String commandsCopyUrl;

    @BeforeAll
    static void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withSnsPublishRate(PUBLISH_RATE));
        // A client's own standard queue on the commands topic: every message the topic published, with no
        // deduplication of its own that could hide a second publish.
        commandsCopyUrl = runtime.sqs().createQueue(request -> request.queueName("backpressure-e2e-commands")).queueUrl();
        String queueArn = runtime.sqs().getQueueAttributes(request -> request.queueUrl(commandsCopyUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String commandsTopic = runtime.clients().sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith(":catalog-dev-commands.fifo")).findFirst().orElseThrow();
        runtime.clients().sns().subscribe(request -> request.topicArn(commandsTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** One request and how it was last answered. */
    private record Sent(String path, String idempotencyKey, String body, HttpResponse<String> response) {
        Sent again() throws Exception {
            return new Sent(path, idempotencyKey, body, post(path, idempotencyKey, body));
        }
    }

    @Test
    void answersThrottledPublishesWith503RetryAfterAndPublishesEachCommandOnceWhenRetried() throws Exception {
        List<Sent> burst = sendBurst();
        List<Sent> throttled = burst.stream().filter(sent -> sent.response().statusCode() == 503).toList();
        assertTrue(!throttled.isEmpty(), "a burst far above " + PUBLISH_RATE + " messages a second meets SNS throttling");
        for (Sent sent : burst) {
            int status = sent.response().statusCode();
            assertTrue(status == 202 || status == 503, "answered " + status + ": " + sent.response().body());
        }
        Map<String, String> firstAnswerIds = new HashMap<>();
        for (Sent sent : throttled) {
            HttpResponse<String> answer = sent.response();
            assertEquals("application/problem+json", answer.headers().firstValue("content-type").orElse(""));
            assertEquals("2", answer.headers().firstValue("retry-after").orElse(""), "backpressure says when to come back");
            JsonNode problem = JSON.readTree(answer.body());
            assertEquals("THROTTLED", problem.path("code").asText(), answer.body());
            assertEquals(503, problem.path("status").asInt());
        }

        // Each throttled request is retried with the same key after Retry-After until it is accepted.
        List<Sent> settled = new ArrayList<>(burst.stream().filter(sent -> sent.response().statusCode() == 202).toList());
        List<Sent> waiting = new ArrayList<>(throttled);
        for (int round = 0; !waiting.isEmpty() && round < 20; round++) {
            Thread.sleep(2000);
            List<Sent> stillWaiting = new ArrayList<>();
            for (Sent sent : waiting) {
                Sent retried = sent.again();
                (retried.response().statusCode() == 202 ? settled : stillWaiting).add(retried);
            }
            waiting = stillWaiting;
        }
        assertEquals(List.of(), waiting.stream().map(sent -> sent.response().body()).toList(), "every retry was accepted in the end");

        List<String> commandIds = new ArrayList<>();
        for (Sent sent : settled) {
            JsonNode answer = JSON.readTree(sent.response().body());
            if (answer.has("commands")) {
                answer.get("commands").forEach(command -> commandIds.add(command.get("commandId").asText()));
            } else {
                commandIds.add(answer.get("commandId").asText());
            }
        }
        assertEquals(SINGLE_REQUESTS + BULK_REQUESTS * 10, commandIds.size());
        assertEquals(commandIds.size(), new java.util.HashSet<>(commandIds).size(), "one command per key, whatever the retries");

        // The topic published every command exactly once: none lost, none twice, no bulk request in part.
        Map<String, Integer> published = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            drainCommandsCopy(published);
            return published.keySet().containsAll(commandIds);
        });
        Thread.sleep(2000); // time for a second copy of any command, were there one
        drainCommandsCopy(published);
        assertEquals(new java.util.HashSet<>(commandIds), published.keySet());
        assertEquals(List.of(), published.entrySet().stream().filter(entry -> entry.getValue() != 1).map(Map.Entry::getKey).toList(),
                "commands published more than once");
    }

    /** The single and bulk requests, all at once from many clients, each with its own key (client command ids on the bulk route). */
    private static List<Sent> sendBurst() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Sent>> answers = new ArrayList<>();
            for (int request = 0; request < SINGLE_REQUESTS + BULK_REQUESTS; request++) {
                boolean bulk = request % ((SINGLE_REQUESTS + BULK_REQUESTS) / BULK_REQUESTS) == 0;
                String key = UUID.randomUUID().toString();
                String path = bulk ? "/v1/commands" : "/v1/products";
                String body = bulk ? bulkCreates() : "{\"name\":\"Burst stool " + request + "\"}";
                answers.add(clients.submit(() -> new Sent(path, bulk ? null : key, body, post(path, bulk ? null : key, body))));
            }
            List<Sent> sent = new ArrayList<>();
            for (Future<Sent> answer : answers) {
                sent.add(answer.get());
            }
            assertEquals(BULK_REQUESTS, sent.stream().filter(request -> request.path().equals("/v1/commands")).count());
            return sent;
        } finally {
            clients.shutdownNow();
        }
    }

    private static String bulkCreates() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode commands = body.putArray("commands");
        for (int item = 0; item < 10; item++) {
            ObjectNode command = commands.addObject().put("commandId", UUID.randomUUID().toString()).put("type", "product.create");
            command.putObject("payload").put("name", "Bulk stool " + item);
        }
        return body.toString();
    }

    private static void drainCommandsCopy(Map<String, Integer> published) throws Exception {
        List<Message> received;
        do {
            received = runtime.sqs().receiveMessage(request -> request.queueUrl(commandsCopyUrl).maxNumberOfMessages(10)).messages();
            for (Message message : received) {
                published.merge(JSON.readTree(message.body()).get("commandId").asText(), 1, Integer::sum);
                runtime.sqs().deleteMessage(request -> request.queueUrl(commandsCopyUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!received.isEmpty());
    }

    private static HttpResponse<String> post(String path, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + path)).timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + runtime.tokens().get("editor"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
