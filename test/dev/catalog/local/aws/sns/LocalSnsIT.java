package dev.catalog.local.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The local SNS endpoint driven by the real AWS SDK clients, delivering into ElasticMQ. */
class LocalSnsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static SQSRestServer elasticMq;
    private static SqsClient sqs;
    private static SnsClient sns;
    private static LocalSns localSns;
    private static SnsHttpServer snsServer;
    private static final List<OutboxMessage> printed = new CopyOnWriteArrayList<>();
    /** Every SQS operation LocalSns makes, in order, to pin down how deliveries are sent. */
    private static final List<String> SQS_OPERATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServices() throws Exception {
        elasticMq = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").withAWSRegion("us-east-1").start();
        int sqsPort = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        SQS_OPERATIONS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .credentialsProvider(CREDENTIALS)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .build();
        localSns = new LocalSns("us-east-1", "000000000000", sqs, Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), printed::add);
        snsServer = new SnsHttpServer(localSns, 0);
        sns = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(CREDENTIALS)
                .region(Region.US_EAST_1)
                .endpointOverride(snsServer.endpoint())
                .build();
    }

    @AfterAll
    static void stopServices() {
        if (sns != null) {
            sns.close();
        }
        if (snsServer != null) {
            snsServer.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (elasticMq != null) {
            elasticMq.stopAndWait();
        }
    }

    private record Queue(String url, String arn) {}

    private static Queue queue(String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private static Queue queue(String name) {
        return queue(name, Map.of());
    }

    /** Once SNS has delivered what it accepted, whatever is in the queue is all there is. */
    private static List<Message> drain(Queue queue) {
        localSns.awaitDeliveries();
        List<Message> messages = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(request -> request.queueUrl(queue.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            messages.addAll(received);
            received.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queue.url()).receiptHandle(message.receiptHandle())));
        } while (!received.isEmpty());
        return messages;
    }

    private static String subscribe(String topicArn, Queue queue, Map<String, String> attributes) {
        return sns.subscribe(request -> request.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void deliversTheSignedAwsEnvelopeToAnSqsSubscription() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("orders")).topicArn();
        assertEquals("arn:aws:sns:us-east-1:000000000000:orders", topicArn);
        Queue queue = queue("orders-envelope");
        String subscriptionArn = subscribe(topicArn, queue, Map.of());
        assertTrue(subscriptionArn.startsWith(topicArn + ":"));

        PublishResponse published = sns.publish(request -> request.topicArn(topicArn).subject("Order placed")
                .message("{\"orderId\":\"o-1\",\"note\":\"<fragile> & \\\"urgent\\\"\"}")
                .messageAttributes(Map.of(
                        "store", stringAttribute("books_corp"),
                        "price", MessageAttributeValue.builder().dataType("Number").stringValue("12.5").build())));

        List<Message> delivered = drain(queue);
        assertEquals(1, delivered.size());
        JsonNode envelope = JSON.readTree(delivered.get(0).body());
        List<String> fieldOrder = new ArrayList<>();
        envelope.fieldNames().forEachRemaining(fieldOrder::add);
        assertEquals(List.of("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion",
                "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"), fieldOrder);
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(published.messageId(), envelope.get("MessageId").asText());
        assertEquals(topicArn, envelope.get("TopicArn").asText());
        assertEquals("Order placed", envelope.get("Subject").asText());
        assertEquals("{\"orderId\":\"o-1\",\"note\":\"<fragile> & \\\"urgent\\\"\"}", envelope.get("Message").asText());
        assertTrue(envelope.get("Timestamp").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        assertEquals("1", envelope.get("SignatureVersion").asText());
        assertTrue(envelope.get("UnsubscribeURL").asText().startsWith(snsServer.endpoint() + "/?Action=Unsubscribe&SubscriptionArn="));
        assertEquals("String", envelope.at("/MessageAttributes/store/Type").asText());
        assertEquals("books_corp", envelope.at("/MessageAttributes/store/Value").asText());
        assertEquals("Number", envelope.at("/MessageAttributes/price/Type").asText());
        assertNull(envelope.get("SequenceNumber"));

        assertTrue(signatureVerifies(envelope, "SHA1withRSA"));
    }

    @Test
    void signsWithSha256WhenTheTopicUsesSignatureVersionTwo() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("signed-v2")
                .attributes(Map.of("SignatureVersion", "2"))).topicArn();
        Queue queue = queue("signed-v2");
        subscribe(topicArn, queue, Map.of());
        sns.publish(request -> request.topicArn(topicArn).message("hello"));

        JsonNode envelope = JSON.readTree(drain(queue).get(0).body());
        assertEquals("2", envelope.get("SignatureVersion").asText());
        assertTrue(signatureVerifies(envelope, "SHA256withRSA"));
        assertFalse(signatureVerifies(((com.fasterxml.jackson.databind.node.ObjectNode) envelope.deepCopy())
                .put("Message", "tampered"), "SHA256withRSA"));
    }

    /** Verifies like an SNS consumer: fetch the certificate from SigningCertURL, rebuild the string to sign. */
    private static boolean signatureVerifies(JsonNode envelope, String algorithm) throws Exception {
        HttpResponse<byte[]> pem = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(envelope.get("SigningCertURL").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pem.statusCode());
        assertTrue(new String(pem.body(), StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----"));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.body()));
        StringBuilder stringToSign = new StringBuilder();
        for (String field : List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")) {
            if (envelope.has(field)) {
                stringToSign.append(field).append('\n').append(envelope.get(field).asText()).append('\n');
            }
        }
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(stringToSign.toString().getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(envelope.get("Signature").asText()));
    }

    @Test
    void deliversRawMessageWithAttributesAsSqsAttributes() {
        String topicArn = sns.createTopic(request -> request.name("raw-orders")).topicArn();
        Queue queue = queue("raw-orders");
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

        sns.publish(request -> request.topicArn(topicArn).message("plain body").messageAttributes(Map.of(
                "store", stringAttribute("books_corp"),
                "tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"a\",\"b\"]").build(),
                "qty", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("xyz")).build())));

        List<Message> delivered = drain(queue);
        assertEquals(1, delivered.size());
        Message message = delivered.get(0);
        assertEquals("plain body", message.body());
        assertEquals("books_corp", message.messageAttributes().get("store").stringValue());
        assertEquals("String", message.messageAttributes().get("store").dataType());
        assertEquals("[\"a\",\"b\"]", message.messageAttributes().get("tags").stringValue());
        assertEquals("Number", message.messageAttributes().get("qty").dataType());
        assertEquals("3", message.messageAttributes().get("qty").stringValue());
        assertEquals("xyz", message.messageAttributes().get("blob").binaryValue().asUtf8String());
    }

    @Test
    void deliversOnlyMessagesMatchingTheFilterPolicyOnAttributes() {
        String topicArn = sns.createTopic(request -> request.name("filtered-attributes")).topicArn();
        Queue expensive = queue("expensive-orders");
        Queue everything = queue("all-orders");
        subscribe(topicArn, expensive, Map.of("RawMessageDelivery", "true",
                "FilterPolicy", "{\"price\":[{\"numeric\":[\">=\",100]}],\"store\":[{\"prefix\":\"books\"}]}"));
        subscribe(topicArn, everything, Map.of("RawMessageDelivery", "true"));

        sns.publish(request -> request.topicArn(topicArn).message("cheap").messageAttributes(Map.of(
                "price", MessageAttributeValue.builder().dataType("Number").stringValue("20").build(),
                "store", stringAttribute("books_corp"))));
        sns.publish(request -> request.topicArn(topicArn).message("expensive").messageAttributes(Map.of(
                "price", MessageAttributeValue.builder().dataType("Number").stringValue("250").build(),
                "store", stringAttribute("books_corp"))));
        sns.publish(request -> request.topicArn(topicArn).message("no attributes"));

        assertEquals(List.of("expensive"), drain(expensive).stream().map(Message::body).toList());
        assertEquals(3, drain(everything).size());
    }

    @Test
    void deliversOnlyMessagesMatchingTheFilterPolicyOnTheBody() {
        String topicArn = sns.createTopic(request -> request.name("filtered-body")).topicArn();
        Queue norway = queue("norway-orders");
        String subscriptionArn = subscribe(topicArn, norway, Map.of("RawMessageDelivery", "true",
                "FilterPolicyScope", "MessageBody",
                "FilterPolicy", "{\"customer\":{\"country\":[\"NO\"]},\"lines\":{\"sku\":[{\"prefix\":\"B-\"}]}}"));

        sns.publish(request -> request.topicArn(topicArn).message("{\"customer\":{\"country\":\"SE\"},\"lines\":[{\"sku\":\"B-1\"}]}"));
        sns.publish(request -> request.topicArn(topicArn).message("{\"customer\":{\"country\":\"NO\"},\"lines\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}]}"));
        sns.publish(request -> request.topicArn(topicArn).message("not json"));

        List<Message> delivered = drain(norway);
        assertEquals(1, delivered.size());
        assertTrue(delivered.get(0).body().contains("B-2"));
        Map<String, String> attributes = sns.getSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn)).attributes();
        assertEquals("MessageBody", attributes.get("FilterPolicyScope"));
        assertEquals("true", attributes.get("RawMessageDelivery"));
    }

    @Test
    void rejectsAnInvalidFilterPolicyAsInvalidParameter() {
        String topicArn = sns.createTopic(request -> request.name("bad-policy")).topicArn();
        Queue queue = queue("bad-policy");
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> subscribe(topicArn, queue, Map.of("FilterPolicy", "{\"price\":[{\"numeric\":[\">\",10,\"<\",5]}]}")));
        assertTrue(error.awsErrorDetails().errorMessage().contains("Bottom must be less than top"));
    }

    @Test
    void passesGroupAndDeduplicationIdsFromFifoTopicToFifoQueueAndDropsDuplicates() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("orders.fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        Queue queue = queue("orders-events.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        subscribe(topicArn, queue, Map.of());

        PublishResponse first = sns.publish(request -> request.topicArn(topicArn).message("first")
                .messageGroupId("order-1").messageDeduplicationId("dedup-1"));
        PublishResponse duplicate = sns.publish(request -> request.topicArn(topicArn).message("first again")
                .messageGroupId("order-1").messageDeduplicationId("dedup-1"));
        PublishResponse second = sns.publish(request -> request.topicArn(topicArn).message("second")
                .messageGroupId("order-1").messageDeduplicationId("dedup-2"));

        assertNotNull(first.sequenceNumber());
        assertEquals(first.messageId(), duplicate.messageId());
        assertTrue(new java.math.BigInteger(second.sequenceNumber()).compareTo(new java.math.BigInteger(first.sequenceNumber())) > 0);

        List<Message> delivered = drain(queue);
        assertEquals(2, delivered.size());
        Message firstDelivered = delivered.get(0);
        assertEquals("order-1", firstDelivered.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        assertEquals("dedup-1", firstDelivered.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
        JsonNode envelope = JSON.readTree(firstDelivered.body());
        assertEquals("first", envelope.get("Message").asText());
        assertEquals(first.sequenceNumber(), envelope.get("SequenceNumber").asText());
        Iterator<String> fields = envelope.fieldNames();
        assertEquals(List.of("Type", "MessageId", "SequenceNumber"), List.of(fields.next(), fields.next(), fields.next()));
        assertEquals("second", JSON.readTree(delivered.get(1).body()).get("Message").asText());
    }

    @Test
    void deliversFromAFifoTopicToAStandardQueueWithoutGroupButWithTheTopicSequenceNumber() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("audit.fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        Queue queue = queue("audit-journal");
        subscribe(topicArn, queue, Map.of());

        PublishResponse published = sns.publish(request -> request.topicArn(topicArn).message("entry")
                .messageGroupId("order-1").messageDeduplicationId("dedup-1"));
        sns.publish(request -> request.topicArn(topicArn).message("entry again")
                .messageGroupId("order-1").messageDeduplicationId("dedup-1"));

        List<Message> delivered = drain(queue);
        assertEquals(1, delivered.size(), "the topic's deduplication still applies: " + delivered);
        assertNull(delivered.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        JsonNode envelope = JSON.readTree(delivered.get(0).body());
        assertEquals("entry", envelope.get("Message").asText());
        assertEquals(published.sequenceNumber(), envelope.get("SequenceNumber").asText());
    }

    @Test
    void enforcesFifoPublishRules() {
        String topicArn = sns.createTopic(request -> request.name("rules.fifo").attributes(Map.of("FifoTopic", "true"))).topicArn();
        InvalidParameterException noGroup = assertThrows(InvalidParameterException.class,
                () -> sns.publish(request -> request.topicArn(topicArn).message("m").messageDeduplicationId("d")));
        assertTrue(noGroup.awsErrorDetails().errorMessage().contains("MessageGroupId"));
        assertThrows(InvalidParameterException.class,
                () -> sns.publish(request -> request.topicArn(topicArn).message("m").messageGroupId("g")));

        sns.setTopicAttributes(request -> request.topicArn(topicArn).attributeName("ContentBasedDeduplication").attributeValue("true"));
        PublishResponse once = sns.publish(request -> request.topicArn(topicArn).message("same body").messageGroupId("g"));
        PublishResponse again = sns.publish(request -> request.topicArn(topicArn).message("same body").messageGroupId("g"));
        assertEquals(once.messageId(), again.messageId());
    }

    @Test
    void reportsPartialFailuresOfPublishBatchPerEntry() {
        String topicArn = sns.createTopic(request -> request.name("batch")).topicArn();
        Queue queue = queue("batch");
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

        PublishBatchResponse response = sns.publishBatch(request -> request.topicArn(topicArn).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("ok-1").message("one").build(),
                PublishBatchRequestEntry.builder().id("bad-number").message("two").messageAttributes(Map.of(
                        "qty", MessageAttributeValue.builder().dataType("Number").stringValue("lots").build())).build(),
                PublishBatchRequestEntry.builder().id("ok-2").message("three").build()));

        assertEquals(List.of("ok-1", "ok-2"), response.successful().stream().map(entry -> entry.id()).toList());
        assertEquals(1, response.failed().size());
        assertEquals("bad-number", response.failed().get(0).id());
        assertEquals("ParameterValueInvalid", response.failed().get(0).code());
        assertTrue(response.failed().get(0).senderFault());
        assertEquals(List.of("one", "three"), drain(queue).stream().map(Message::body).toList());

        assertThrows(BatchEntryIdsNotDistinctException.class, () -> sns.publishBatch(request -> request.topicArn(topicArn)
                .publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("same").message("a").build(),
                        PublishBatchRequestEntry.builder().id("same").message("b").build())));
        assertThrows(TooManyEntriesInBatchRequestException.class, () -> sns.publishBatch(request -> request.topicArn(topicArn)
                .publishBatchRequestEntries(IntStream.range(0, 11)
                        .mapToObj(i -> PublishBatchRequestEntry.builder().id("e" + i).message("m").build()).toList())));
    }

    @Test
    void answersNotFoundForAnUnknownTopic() {
        NotFoundException error = assertThrows(NotFoundException.class, () -> sns.publish(request -> request
                .topicArn("arn:aws:sns:us-east-1:000000000000:no-such-topic").message("hello")));
        assertEquals(404, error.statusCode());
        assertThrows(NotFoundException.class, () -> sns.getTopicAttributes(request -> request
                .topicArn("arn:aws:sns:us-east-1:000000000000:no-such-topic")));
    }

    @Test
    void rejectsOversizedMessages() {
        String topicArn = sns.createTopic(request -> request.name("size-limit")).topicArn();
        String tooLong = "x".repeat(256 * 1024 + 1);
        SnsException error = assertThrows(InvalidParameterException.class,
                () -> sns.publish(request -> request.topicArn(topicArn).message(tooLong)));
        assertTrue(error.awsErrorDetails().errorMessage().contains("Message too long"));
    }

    @Test
    void putsEmailAndSmsNotificationsInTheOutbox() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("alerts")).topicArn();
        sns.subscribe(request -> request.topicArn(topicArn).protocol("email").endpoint("ops@catalog.local"));
        sns.subscribe(request -> request.topicArn(topicArn).protocol("sms").endpoint("+4712345678"));
        sns.subscribe(request -> request.topicArn(topicArn).protocol("email-json").endpoint("robot@catalog.local"));

        sns.publish(request -> request.topicArn(topicArn).subject("DLQ alarm").message("3 messages in catalog-dlq"));

        List<OutboxMessage> alerts = localSns.outbox().stream().filter(message -> message.topicArn().equals(topicArn)).toList();
        assertEquals(3, alerts.size());
        OutboxMessage email = alerts.stream().filter(m -> m.protocol().equals("email")).findFirst().orElseThrow();
        assertEquals("ops@catalog.local", email.endpoint());
        assertEquals("DLQ alarm", email.subject());
        assertEquals("3 messages in catalog-dlq", email.message());
        OutboxMessage sms = alerts.stream().filter(m -> m.protocol().equals("sms")).findFirst().orElseThrow();
        assertEquals("+4712345678", sms.endpoint());
        assertEquals("3 messages in catalog-dlq", sms.message());
        OutboxMessage emailJson = alerts.stream().filter(m -> m.protocol().equals("email-json")).findFirst().orElseThrow();
        assertEquals("3 messages in catalog-dlq", JSON.readTree(emailJson.message()).get("Message").asText());
        assertTrue(printed.containsAll(alerts));
    }

    @Test
    void managesTopicsAndSubscriptionsOverTheQueryProtocol() {
        String topicArn = sns.createTopic(request -> request.name("lifecycle")
                .attributes(Map.of("DisplayName", "Life & <cycle>"))).topicArn();
        assertEquals(topicArn, sns.createTopic(request -> request.name("lifecycle")).topicArn());
        assertTrue(sns.listTopics().topics().stream().anyMatch(topic -> topic.topicArn().equals(topicArn)));
        assertEquals("Life & <cycle>", sns.getTopicAttributes(request -> request.topicArn(topicArn)).attributes().get("DisplayName"));

        Queue queue = queue("lifecycle");
        String subscriptionArn = subscribe(topicArn, queue, Map.of());
        assertEquals(List.of(subscriptionArn), sns.listSubscriptionsByTopic(request -> request.topicArn(topicArn))
                .subscriptions().stream().map(subscription -> subscription.subscriptionArn()).toList());
        sns.setSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn)
                .attributeName("RawMessageDelivery").attributeValue("true"));
        assertEquals("true", sns.getSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn))
                .attributes().get("RawMessageDelivery"));

        sns.unsubscribe(request -> request.subscriptionArn(subscriptionArn));
        assertTrue(sns.listSubscriptions().subscriptions().stream().noneMatch(s -> s.subscriptionArn().equals(subscriptionArn)));
        sns.deleteTopic(request -> request.topicArn(topicArn));
        assertThrows(NotFoundException.class, () -> sns.getTopicAttributes(request -> request.topicArn(topicArn)));
    }

    @Test
    void deliversAPublishBatchToEachQueueWithOneSendMessageBatch() {
        Queue first = queue("batched-first");
        Queue second = queue("batched-second");
        String topicArn = localSns.createTopic("batched", Map.of());
        localSns.subscribe(topicArn, "sqs", first.arn(), Map.of("RawMessageDelivery", "true"));
        localSns.subscribe(topicArn, "sqs", second.arn(), Map.of());
        drain(first);
        SQS_OPERATIONS.clear();

        sns.publishBatch(request -> request.topicArn(topicArn).publishBatchRequestEntries(java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry.builder()
                        .id("m" + i).message("message " + i).build()).toList()));
        localSns.awaitDeliveries();

        // (GetQueueUrl happens once per queue; the URL is cached.)
        assertEquals(List.of("SendMessageBatch", "SendMessageBatch"),
                SQS_OPERATIONS.stream().filter(operation -> !operation.equals("GetQueueUrl")).toList());
        assertEquals(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "message " + i).sorted().toList(),
                drain(first).stream().map(Message::body).sorted().toList());
        assertEquals(10, drain(second).size());
    }

    @Test
    void concurrentPublishersToAFifoTopicKeepEachGroupInOrderInTheQueue() throws Exception {
        String topicArn = sns.createTopic(request -> request.name("concurrent.fifo").attributes(Map.of("FifoTopic", "true"))).topicArn();
        Queue queue = queue("concurrent-events.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
        int groups = 6;
        int perGroup = 30;
        java.util.concurrent.ExecutorService publishers = java.util.concurrent.Executors.newFixedThreadPool(groups);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                String group = "group-" + g;
                done.add(publishers.submit(() -> {
                    for (int i = 0; i < perGroup; i++) {
                        String body = group + ":" + i;
                        if (i % 3 == 0) {
                            sns.publishBatch(request -> request.topicArn(topicArn).publishBatchRequestEntries(
                                    software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry.builder().id("only")
                                            .message(body).messageGroupId(group).messageDeduplicationId(body).build()));
                        } else {
                            sns.publish(request -> request.topicArn(topicArn).message(body).messageGroupId(group)
                                    .messageDeduplicationId(body));
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdownNow();
        }

        Map<String, List<Integer>> receivedByGroup = new java.util.TreeMap<>();
        for (Message message : drain(queue)) {
            String[] parts = message.body().split(":");
            receivedByGroup.computeIfAbsent(parts[0], ignored -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        List<Integer> inOrder = java.util.stream.IntStream.range(0, perGroup).boxed().toList();
        assertEquals(groups, receivedByGroup.size());
        receivedByGroup.forEach((group, numbers) -> assertEquals(inOrder, numbers, group));
    }

    /**
     * High-throughput FIFO compares deduplication ids within a message group only, on the topic
     * (FifoThroughputScope) and on the queue (DeduplicationScope). What differs: the same id in two
     * groups is one message under the topic or queue scope and two under the group scope. Our ids
     * are safe under both: a command id or event id is a fresh UUID used in one group only (a retried
     * command keeps its first product id, so its group), and a retry is the same id in the same group,
     * which both scopes drop.
     */
    @Test
    void deduplicatesAcrossTheTopicOrWithinEachMessageGroupAsTheScopeSays() {
        Queue topicScoped = queue("scope-topic.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        Queue groupScoped = queue("scope-group.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        localSns.deduplicateQueuePerMessageGroup(groupScoped.arn());
        String topicScope = sns.createTopic(request -> request.name("scope-topic.fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        String groupScope = sns.createTopic(request -> request.name("scope-group.fifo")
                .attributes(Map.of("FifoTopic", "true", "FifoThroughputScope", "MessageGroup"))).topicArn();
        subscribe(topicScope, topicScoped, Map.of());
        subscribe(groupScope, groupScoped, Map.of());
        assertEquals("Topic", sns.getTopicAttributes(request -> request.topicArn(topicScope)).attributes().get("FifoThroughputScope"));

        for (String topicArn : List.of(topicScope, groupScope)) {
            String commandId = UUID.randomUUID().toString();
            sns.publish(request -> request.topicArn(topicArn).message("command").messageGroupId("product-1")
                    .messageDeduplicationId(commandId));
            // A retry after a throttle or a lost answer: same id, same group. Dropped under both scopes.
            sns.publish(request -> request.topicArn(topicArn).message("command, retried").messageGroupId("product-1")
                    .messageDeduplicationId(commandId));
            // The same id in another group: what only the group scope lets through.
            sns.publish(request -> request.topicArn(topicArn).message("same id, other group").messageGroupId("product-2")
                    .messageDeduplicationId(commandId));
        }

        assertEquals(List.of("command"), drain(topicScoped).stream().map(LocalSnsIT::bodyMessage).toList());
        // Order holds within a group only, so the two groups' messages are compared as a set.
        assertEquals(java.util.Set.of("command", "same id, other group"), drain(groupScoped).stream().map(LocalSnsIT::bodyMessage)
                .collect(java.util.stream.Collectors.toSet()));
        InvalidParameterException oneWay = assertThrows(InvalidParameterException.class, () -> sns.setTopicAttributes(request ->
                request.topicArn(groupScope).attributeName("FifoThroughputScope").attributeValue("Topic")));
        assertTrue(oneWay.getMessage().contains("cannot be changed"), oneWay.getMessage());
    }

    /** A FIFO queue in its default (queue) scope drops an id it saw in another group; one in messageGroup scope does not. */
    @Test
    void deliversTheSameIdOfTwoGroupsToAGroupScopedQueueOnly() {
        Queue queueScoped = queue("dedup-queue.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        Queue groupScoped = queue("dedup-group.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        localSns.deduplicateQueuePerMessageGroup(groupScoped.arn());
        String topicArn = sns.createTopic(request -> request.name("dedup-fanout.fifo")
                .attributes(Map.of("FifoTopic", "true", "FifoThroughputScope", "MessageGroup"))).topicArn();
        subscribe(topicArn, queueScoped, Map.of());
        subscribe(topicArn, groupScoped, Map.of());
        String eventId = UUID.randomUUID().toString();
        for (String group : List.of("product-1", "product-2")) {
            sns.publish(request -> request.topicArn(topicArn).message(group).messageGroupId(group).messageDeduplicationId(eventId));
        }

        assertEquals(List.of("product-1"), drain(queueScoped).stream().map(LocalSnsIT::bodyMessage).toList());
        assertEquals(java.util.Set.of("product-1", "product-2"), drain(groupScoped).stream().map(LocalSnsIT::bodyMessage)
                .collect(java.util.stream.Collectors.toSet()));
    }

    private static String bodyMessage(Message message) {
        try {
            return JSON.readTree(message.body()).get("Message").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
