package dev.catalog.local.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** LocalSns without SQS: delivery hooks, time-dependent FIFO deduplication, validation, protocol errors. */
class LocalSnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves forward by hand. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-21T09:15:02.301Z"));
    private final AtomicInteger nextId = new AtomicInteger();
    private final LocalSns sns = new LocalSns("eu-north-1", "123456789012", null, clock,
            () -> "id-" + nextId.incrementAndGet(), message -> { });

    @Test
    void handsLambdaSubscriptionsTheSignedEnvelopeThroughTheRegisteredTarget() throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        sns.registerDeliveryTarget("lambda", deliveries::add);
        String topicArn = sns.createTopic("catalog-events", Map.of());
        assertEquals("arn:aws:sns:eu-north-1:123456789012:catalog-events", topicArn);
        String subscriptionArn = sns.subscribe(topicArn, "lambda",
                "arn:aws:lambda:eu-north-1:123456789012:function:projector", Map.of());
        assertEquals(topicArn + ":id-1", subscriptionArn);

        PublishResult result = sns.publish(PublishRequest.of(topicArn, "hello")
                .withAttributes(Map.of("kind", MessageAttribute.string("greeting"))));

        assertEquals(1, deliveries.size());
        Delivery delivery = deliveries.get(0);
        assertEquals(subscriptionArn, delivery.subscription().subscriptionArn());
        assertEquals("hello", delivery.notification().message());
        JsonNode envelope = JSON.readTree(delivery.envelope());
        assertEquals(result.messageId(), envelope.get("MessageId").asText());
        assertEquals("2026-11-21T09:15:02.301Z", envelope.get("Timestamp").asText());
        assertEquals("greeting", envelope.at("/MessageAttributes/kind/Value").asText());
    }

    @Test
    void deliversAFifoDuplicateAgainOnlyAfterTheFiveMinuteWindow() {
        List<Delivery> deliveries = new ArrayList<>();
        sns.registerDeliveryTarget("lambda", deliveries::add);
        String topicArn = sns.createTopic("orders.fifo", Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"));
        sns.subscribe(topicArn, "lambda", "arn:aws:lambda:eu-north-1:123456789012:function:orders", Map.of());
        PublishRequest request = PublishRequest.of(topicArn, "same").withFifo("g-1", null);

        PublishResult first = sns.publish(request);
        clock.advance(Duration.ofMinutes(4));
        assertEquals(first, sns.publish(request));
        clock.advance(Duration.ofMinutes(2));
        PublishResult later = sns.publish(request);

        assertEquals(2, deliveries.size());
        assertEquals("10000000000000000001", first.sequenceNumber());
        assertEquals("10000000000000000002", later.sequenceNumber());
        assertEquals(64, deliveries.get(0).notification().messageDeduplicationId().length());
    }

    @Test
    void picksTheProtocolSpecificTextWhenMessageStructureIsJson() {
        String topicArn = sns.createTopic("alerts", Map.of());
        sns.subscribe(topicArn, "sms", "+4712345678", Map.of());
        sns.subscribe(topicArn, "email", "ops@catalog.local", Map.of());
        sns.publish(new PublishRequest(topicArn, "{\"default\":\"long text\",\"sms\":\"short\"}", null, "json", Map.of(), null, null));

        assertEquals(List.of("short", "long text"), sns.outbox().stream().map(OutboxMessage::message).toList());
        assertThrows(SnsException.class, () -> sns.publish(
                new PublishRequest(topicArn, "{\"sms\":\"short\"}", null, "json", Map.of(), null, null)));
    }

    @Test
    void refusesSubscriptionsSnsWouldRefuse() {
        String topicArn = sns.createTopic("alerts", Map.of());
        String fifoArn = sns.createTopic("alerts.fifo", Map.of("FifoTopic", "true"));
        assertEquals("InvalidParameter", assertThrows(SnsException.class,
                () -> sns.subscribe(topicArn, "email", "ops@catalog.local", Map.of("RawMessageDelivery", "true"))).code());
        assertThrows(SnsException.class, () -> sns.subscribe(fifoArn, "email", "ops@catalog.local", Map.of()));
        assertThrows(SnsException.class, () -> sns.subscribe(topicArn, "carrier-pigeon", "loft", Map.of()));
        assertThrows(SnsException.class, () -> sns.createTopic("orders.fifo", Map.of()));
        assertEquals("NotFound", assertThrows(SnsException.class,
                () -> sns.subscribe(topicArn + "-missing", "sms", "+4712345678", Map.of())).code());
    }

    @Test
    void rejectsInvalidMessageAttributes() {
        String topicArn = sns.createTopic("attributes", Map.of());
        for (Map<String, MessageAttribute> attributes : List.of(
                Map.of("AWS.reserved", MessageAttribute.string("x")),
                Map.of("count", MessageAttribute.number("many")),
                Map.of("list", MessageAttribute.stringArray("not-an-array")),
                Map.of("empty", MessageAttribute.string("")),
                Map.of("odd", new MessageAttribute("Date", "today", null)))) {
            SnsException error = assertThrows(SnsException.class,
                    () -> sns.publish(PublishRequest.of(topicArn, "m").withAttributes(attributes)));
            assertEquals("ParameterValueInvalid", error.code(), attributes.toString());
        }
    }

    @Test
    void answersUnknownActionsWithInvalidActionAndServesTheCertificate() throws Exception {
        try (SnsHttpServer server = new SnsHttpServer(sns, 0)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=MakeCoffee&Version=2010-03-31")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unknown.statusCode());
            assertTrue(unknown.body().contains("<Code>InvalidAction</Code>"));
            assertTrue(unknown.body().contains("<Type>Sender</Type>"));

            HttpResponse<String> certificate = client.send(HttpRequest.newBuilder(
                    server.endpoint().resolve(LocalSns.CERTIFICATE_PATH)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, certificate.statusCode());
            assertTrue(certificate.body().startsWith("-----BEGIN CERTIFICATE-----"));
        }
    }

    @Test
    void escapesXmlSpecialCharacters() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", SnsHttpServer.escape("a <b> & \"c\" 'd'"));
    }
}
