package dev.catalog.local.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SNS service model of the local runtime: topics (standard and FIFO), subscriptions with
 * filter policies and raw delivery, Publish/PublishBatch with SNS's validation, and delivery
 * to SQS queues (through an SQS client), HTTP endpoints, a local outbox (email, email-json,
 * sms) and registered targets (for example {@code lambda}).
 *
 * <p>Subscriptions are confirmed at once: there is nobody to click a confirmation link.
 */
public final class LocalSns {

    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_SQS_MESSAGE_ATTRIBUTES = 10;
    static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
    static final String CERTIFICATE_PATH = "/SimpleNotificationService-local.pem";

    private static final System.Logger LOG = System.getLogger(LocalSns.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Set<String> PROTOCOLS = Set.of("sqs", "email", "email-json", "sms", "http", "https", "lambda");
    private static final Set<String> RAW_CAPABLE_PROTOCOLS = Set.of("sqs", "http", "https", "firehose");
    private static final Set<String> SETTABLE_TOPIC_ATTRIBUTES = Set.of(
            "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig",
            "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy");
    private static final Set<String> SETTABLE_SUBSCRIPTION_ATTRIBUTES = Set.of(
            "RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "DeliveryPolicy", "RedrivePolicy",
            "SubscriptionRoleArn", "ReplayPolicy");

    private final String region;
    private final String accountId;
    private final SqsClient sqs;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Consumer<OutboxMessage> outboxListener;
    private final NotificationSigner signer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Topic> topics = new LinkedHashMap<>();
    /** FIFO queues declared with DeduplicationScope messageGroup (see {@link #deduplicateQueuePerMessageGroup}). */
    private final Set<String> perMessageGroupQueues = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, SubscriptionState> subscriptions = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final Map<String, DeliveryTarget> deliveryTargets = new ConcurrentHashMap<>();
    private final List<OutboxMessage> outbox = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> publishedMessages = new ConcurrentHashMap<>();
    private volatile URI serviceEndpoint = URI.create("http://127.0.0.1");
    /** Send each topic's prepared deliveries; a topic sends from one thread at a time, topics in parallel. */
    private final java.util.concurrent.ExecutorService deliverySenders = java.util.concurrent.Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "local-sns-delivery");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param sqs            client used to deliver to {@code sqs} subscriptions (queue URLs resolved by name)
     * @param ids            message and subscription ids (UUID strings in SNS)
     * @param outboxListener told about every email/email-json/sms notification, for example to print it
     */
    public LocalSns(String region, String accountId, SqsClient sqs, Clock clock, Supplier<String> ids,
                    Consumer<OutboxMessage> outboxListener) {
        this.region = region;
        this.accountId = accountId;
        this.sqs = sqs;
        this.clock = clock;
        this.ids = ids;
        this.outboxListener = outboxListener;
        this.signer = new NotificationSigner(clock);
    }

    public LocalSns(String region, String accountId, SqsClient sqs) {
        this(region, accountId, sqs, Clock.systemUTC(), () -> UUID.randomUUID().toString(), message -> { });
    }

    /** Where this SNS endpoint is reachable; used in SigningCertURL and UnsubscribeURL. */
    public void useServiceEndpoint(URI endpoint) {
        String text = endpoint.toString();
        this.serviceEndpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public NotificationSigner signer() {
        return signer;
    }

    /** Delivers notifications of subscriptions with this protocol (for example {@code lambda}) to the target. */
    public void registerDeliveryTarget(String protocol, DeliveryTarget target) {
        deliveryTargets.put(protocol, target);
    }

    /** Messages accepted on the topic so far (duplicates SNS dropped included), for tests and benchmarks. */
    public long publishedCount(String topicArn) {
        var count = publishedMessages.get(topicArn);
        return count == null ? 0 : count.get();
    }

    public List<OutboxMessage> outbox() {
        return List.copyOf(outbox);
    }

    // ---- topics ---------------------------------------------------------------------------

    /** Creates a topic, or returns the existing topic's ARN (CreateTopic is idempotent). */
    public synchronized String createTopic(String name, Map<String, String> attributes) {
        Map<String, String> requested = attributes == null ? Map.of() : attributes;
        boolean fifoName = name != null && name.endsWith(".fifo");
        String baseName = fifoName ? name.substring(0, name.length() - ".fifo".length()) : name;
        if (baseName == null || !TOPIC_NAME.matcher(baseName).matches()) {
            throw SnsException.invalidParameter(
                    "Invalid parameter: Topic Name must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
        }
        boolean fifoAttribute = "true".equalsIgnoreCase(requested.get("FifoTopic"));
        if (fifoName != fifoAttribute) {
            throw SnsException.invalidParameter(fifoName
                    ? "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
                    : "Invalid parameter: Topic Name: the FifoTopic attribute requires a name ending with .fifo");
        }
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
        Topic existing = topics.get(arn);
        if (existing != null) {
            return arn;
        }
        Topic topic = new Topic(arn, name, fifoName, new OrderedDeliveries<>(this::sendInOrder));
        for (Map.Entry<String, String> attribute : requested.entrySet()) {
            if (!attribute.getKey().equals("FifoTopic")) {
                topic.set(attribute.getKey(), attribute.getValue());
            }
        }
        topics.put(arn, topic);
        return arn;
    }

    public synchronized void deleteTopic(String topicArn) {
        // DeleteTopic of an unknown topic succeeds in SNS.
        if (topics.remove(topicArn) != null) {
            subscriptions.values().removeIf(subscription -> subscription.topicArn.equals(topicArn));
        }
    }

    public synchronized List<String> listTopics() {
        return List.copyOf(topics.keySet());
    }

    public synchronized Map<String, String> topicAttributes(String topicArn) {
        Topic topic = topic(topicArn);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", topic.arn);
        attributes.put("Owner", accountId);
        attributes.put("DisplayName", topic.attributes.getOrDefault("DisplayName", ""));
        attributes.put("Policy", topic.attributes.getOrDefault("Policy", defaultTopicPolicy(topic.arn)));
        long confirmed = subscriptions.values().stream().filter(s -> s.topicArn.equals(topicArn)).count();
        attributes.put("SubscriptionsConfirmed", Long.toString(confirmed));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        attributes.put("EffectiveDeliveryPolicy",
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,"
                        + "\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},"
                        + "\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}");
        if (topic.fifo) {
            attributes.put("FifoTopic", "true");
            attributes.put("ContentBasedDeduplication", Boolean.toString(topic.contentBasedDeduplication()));
            attributes.put("FifoThroughputScope", topic.perMessageGroup() ? "MessageGroup" : "Topic");
        }
        topic.attributes.forEach(attributes::putIfAbsent);
        return attributes;
    }

    public synchronized void setTopicAttribute(String topicArn, String name, String value) {
        Topic topic = topic(topicArn);
        if (!SETTABLE_TOPIC_ATTRIBUTES.contains(name)) {
            throw SnsException.invalidParameter("Invalid parameter: AttributeName");
        }
        topic.set(name, value);
    }

    // ---- subscriptions --------------------------------------------------------------------

    /** Subscribes an endpoint; an identical subscription returns the existing ARN, as in SNS. */
    public synchronized String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
        Topic topic = topic(topicArn);
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            throw SnsException.invalidParameter("Invalid parameter: Amazon SNS does not support this protocol string: " + protocol);
        }
        if (topic.fifo && !protocol.equals("sqs") && !protocol.equals("lambda")) {
            throw SnsException.invalidParameter("Invalid parameter: Invalid protocol type: " + protocol);
        }
        validateEndpoint(protocol, endpoint);
        for (SubscriptionState existing : subscriptions.values()) {
            if (existing.topicArn.equals(topicArn) && existing.protocol.equals(protocol) && existing.endpoint.equals(endpoint)) {
                return existing.arn;
            }
        }
        SubscriptionState subscription = new SubscriptionState(topicArn + ":" + ids.get(), topicArn, protocol, endpoint);
        Map<String, String> requested = attributes == null ? Map.of() : attributes;
        // The scope decides how the policy is validated, so it is applied first.
        if (requested.containsKey("FilterPolicyScope")) {
            applySubscriptionAttribute(subscription, "FilterPolicyScope", requested.get("FilterPolicyScope"));
        }
        for (Map.Entry<String, String> attribute : requested.entrySet()) {
            if (!attribute.getKey().equals("FilterPolicyScope")) {
                applySubscriptionAttribute(subscription, attribute.getKey(), attribute.getValue());
            }
        }
        subscriptions.put(subscription.arn, subscription);
        return subscription.arn;
    }

    public synchronized void unsubscribe(String subscriptionArn) {
        if (subscriptions.remove(subscriptionArn) == null) {
            throw SnsException.notFound("Subscription does not exist");
        }
    }

    public synchronized List<Subscription> listSubscriptions() {
        return subscriptions.values().stream().map(this::view).toList();
    }

    public synchronized List<Subscription> listSubscriptionsByTopic(String topicArn) {
        topic(topicArn);
        return subscriptions.values().stream().filter(s -> s.topicArn.equals(topicArn)).map(this::view).toList();
    }

    public synchronized Map<String, String> subscriptionAttributes(String subscriptionArn) {
        SubscriptionState subscription = subscription(subscriptionArn);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("SubscriptionArn", subscription.arn);
        attributes.put("TopicArn", subscription.topicArn);
        attributes.put("Owner", accountId);
        attributes.put("Protocol", subscription.protocol);
        attributes.put("Endpoint", subscription.endpoint);
        attributes.put("ConfirmationWasAuthenticated", "true");
        attributes.put("PendingConfirmation", "false");
        attributes.put("RawMessageDelivery", Boolean.toString(subscription.raw));
        attributes.put("SubscriptionPrincipal", "arn:aws:iam::" + accountId + ":root");
        if (subscription.filterPolicyJson != null) {
            attributes.put("FilterPolicy", subscription.filterPolicyJson);
            attributes.put("FilterPolicyScope", subscription.filterPolicyScope.attributeValue());
        }
        subscription.otherAttributes.forEach(attributes::putIfAbsent);
        return attributes;
    }

    public synchronized void setSubscriptionAttribute(String subscriptionArn, String name, String value) {
        applySubscriptionAttribute(subscription(subscriptionArn), name, value);
    }

    private void applySubscriptionAttribute(SubscriptionState subscription, String name, String value) {
        if (!SETTABLE_SUBSCRIPTION_ATTRIBUTES.contains(name)) {
            throw SnsException.invalidParameter("Invalid parameter: AttributeName");
        }
        switch (name) {
            case "RawMessageDelivery" -> {
                if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                    throw SnsException.invalidParameter("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [" + value + "]. Must be true or false.");
                }
                boolean raw = Boolean.parseBoolean(value);
                if (raw && !RAW_CAPABLE_PROTOCOLS.contains(subscription.protocol)) {
                    throw SnsException.invalidParameter("Invalid parameter: Attributes Reason: Delivery protocol ["
                            + subscription.protocol + "] does not support raw message delivery.");
                }
                subscription.raw = raw;
            }
            case "FilterPolicy" -> {
                if (value == null || value.isBlank()) {
                    subscription.filterPolicyJson = null;
                    subscription.filterPolicy = null;
                } else {
                    subscription.filterPolicy = parsePolicy(value, subscription.filterPolicyScope);
                    subscription.filterPolicyJson = value;
                }
            }
            case "FilterPolicyScope" -> {
                FilterPolicy.Scope scope;
                try {
                    scope = FilterPolicy.Scope.fromAttributeValue(value);
                } catch (InvalidFilterPolicyException e) {
                    throw SnsException.invalidParameter("Invalid parameter: Attributes Reason: " + e.getMessage());
                }
                if (subscription.filterPolicyJson != null) {
                    subscription.filterPolicy = parsePolicy(subscription.filterPolicyJson, scope);
                }
                subscription.filterPolicyScope = scope;
            }
            default -> subscription.otherAttributes.put(name, value);
        }
    }

    private static FilterPolicy parsePolicy(String json, FilterPolicy.Scope scope) {
        try {
            return FilterPolicy.parse(json, scope);
        } catch (InvalidFilterPolicyException e) {
            throw SnsException.invalidParameter("Invalid parameter: " + e.getMessage());
        }
    }

    private void validateEndpoint(String protocol, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw SnsException.invalidParameter("Invalid parameter: Endpoint");
        }
        boolean valid = switch (protocol) {
            // A FIFO topic delivers to standard queues too (best-effort order, at least once).
            case "sqs" -> endpoint.startsWith("arn:aws:sqs:") && endpoint.split(":").length == 6;
            case "email", "email-json" -> endpoint.matches("[^@\\s]+@[^@\\s]+");
            case "sms" -> endpoint.matches("\\+?[0-9]{7,15}");
            case "http" -> endpoint.startsWith("http://");
            case "https" -> endpoint.startsWith("https://");
            case "lambda" -> endpoint.startsWith("arn:aws:lambda:");
            default -> false;
        };
        if (!valid) {
            throw SnsException.invalidParameter("Invalid parameter: " + protocol + " endpoint: " + endpoint);
        }
    }

    // ---- publishing -----------------------------------------------------------------------

    public PublishResult publish(PublishRequest request) {
        Topic topic;
        synchronized (this) {
            topic = topic(request.topicArn());
        }
        validate(request, topic);
        Acceptance acceptance = new Acceptance(topic);
        PublishResult result;
        synchronized (topic) {
            result = accept(topic, request, acceptance);
        }
        acceptance.deliver();
        return result;
    }

    /** Publishes up to ten entries; every entry succeeds or fails on its own, as in SNS. */
    public BatchResult publishBatch(String topicArn, List<BatchEntry> entries) {
        Topic topic;
        synchronized (this) {
            topic = topic(topicArn);
        }
        if (entries == null || entries.isEmpty()) {
            throw new SnsException("EmptyBatchRequest", 400, "The batch request doesn't contain any entries.");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw new SnsException("TooManyEntriesInBatchRequest", 400,
                    "The batch request contains more entries than permissible.");
        }
        Set<String> seen = new HashSet<>();
        for (BatchEntry entry : entries) {
            if (entry.id() == null || !BATCH_ENTRY_ID.matcher(entry.id()).matches()) {
                throw new SnsException("InvalidBatchEntryId", 400,
                        "The Id of a batch entry in a batch request doesn't abide by the specification.");
            }
            if (!seen.add(entry.id())) {
                throw new SnsException("BatchEntryIdsNotDistinct", 400,
                        "Two or more batch entries in the request have the same Id.");
            }
        }
        int totalBytes = 0;
        for (BatchEntry entry : entries) {
            totalBytes += messageSize(entry.request());
        }
        if (totalBytes > MAX_MESSAGE_BYTES) {
            throw new SnsException("BatchRequestTooLong", 400,
                    "The length of all the messages put together is more than the limit.");
        }
        List<BatchResult.Success> successful = new ArrayList<>();
        List<BatchResult.Failure> failed = new ArrayList<>();
        Acceptance acceptance = new Acceptance(topic);
        // The batch takes its places in the topic's order together.
        synchronized (topic) {
            for (BatchEntry entry : entries) {
                PublishRequest request = entry.request();
                PublishRequest onTopic = new PublishRequest(topicArn, request.message(), request.subject(),
                        request.messageStructure(), request.messageAttributes(), request.messageGroupId(),
                        request.messageDeduplicationId());
                try {
                    validate(onTopic, topic);
                    PublishResult result = accept(topic, onTopic, acceptance);
                    successful.add(new BatchResult.Success(entry.id(), result.messageId(), result.sequenceNumber()));
                } catch (SnsException e) {
                    failed.add(new BatchResult.Failure(entry.id(), e.code(), e.getMessage(), e.senderFault()));
                }
            }
        }
        acceptance.deliver();
        return new BatchResult(successful, failed);
    }

    private void validate(PublishRequest request, Topic topic) {
        if (request.message() == null || request.message().isEmpty()) {
            throw SnsException.invalidParameter("Invalid parameter: Empty message");
        }
        String subject = request.subject();
        if (subject != null && (subject.isEmpty() || subject.length() >= 100 || !subject.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
                || Character.isWhitespace(subject.charAt(0)))) {
            throw SnsException.invalidParameter("Invalid parameter: Subject");
        }
        request.messageAttributes().forEach(LocalSns::validateAttribute);
        if (messageSize(request) > MAX_MESSAGE_BYTES) {
            throw SnsException.invalidParameter("Invalid parameter: Message too long");
        }
        if ("json".equals(request.messageStructure())) {
            defaultMessageOf(request.message());
        } else if (request.messageStructure() != null) {
            throw SnsException.invalidParameter("Invalid parameter: MessageStructure");
        }
        if (topic.fifo) {
            if (request.messageGroupId() == null || request.messageGroupId().isEmpty()) {
                throw SnsException.invalidParameter("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
            }
            if (request.messageDeduplicationId() == null && !topic.contentBasedDeduplication()) {
                throw SnsException.invalidParameter(
                        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
        } else if (request.messageDeduplicationId() != null) {
            throw SnsException.invalidParameter(
                    "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }
    }

    private static void validateAttribute(String name, MessageAttribute attribute) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".") || name.contains("..")
                || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw SnsException.parameterValueInvalid("The message attribute name '" + name + "' is invalid.");
        }
        String type = attribute.dataType();
        if (!Set.of("String", "String.Array", "Number", "Binary").contains(type)) {
            throw SnsException.parameterValueInvalid("The message attribute '" + name + "' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
        if (attribute.isBinary()) {
            if (attribute.binaryValue() == null || attribute.binaryValue().length == 0) {
                throw SnsException.parameterValueInvalid("The message attribute '" + name + "' must contain non-empty message attribute value for message attribute type 'Binary'.");
            }
            return;
        }
        String value = attribute.stringValue();
        if (value == null || value.isEmpty()) {
            throw SnsException.parameterValueInvalid("The message attribute '" + name + "' must contain non-empty message attribute value for message attribute type '" + type + "'.");
        }
        if (type.equals("Number")) {
            try {
                new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw SnsException.parameterValueInvalid("The message attribute '" + name + "' has an invalid numeric value: " + value);
            }
        }
        if (type.equals("String.Array")) {
            JsonNode array;
            try {
                array = JSON.readTree(value);
            } catch (JsonProcessingException e) {
                array = null;
            }
            boolean valid = array != null && array.isArray();
            if (valid) {
                for (JsonNode element : array) {
                    valid &= element.isValueNode();
                }
            }
            if (!valid) {
                throw SnsException.parameterValueInvalid("The message attribute '" + name + "' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.");
            }
        }
    }

    private static int messageSize(PublishRequest request) {
        int size = request.message() == null ? 0 : request.message().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttribute> attribute : request.messageAttributes().entrySet()) {
            size += attribute.getValue().sizeInBytes(attribute.getKey());
        }
        return size;
    }

    private static JsonNode defaultMessageOf(String message) {
        JsonNode structured;
        try {
            structured = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw SnsException.invalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (structured == null || !structured.isObject() || !structured.path("default").isTextual()) {
            throw SnsException.invalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
        }
        return structured;
    }

    /**
     * What one Publish or PublishBatch must still do once the topic has accepted its messages,
     * outside the topic's lock: prepare each delivery (render and sign), then leave the sending to
     * the delivery threads. As in SNS, Publish answers once the topic has the message; the queues
     * get it moments later ({@link #awaitDeliveries()} waits for that), and deliveries that pile up
     * meanwhile go out together.
     */
    private final class Acceptance {
        private final Topic topic;
        private final List<Runnable> preparations = new ArrayList<>();

        Acceptance(Topic topic) {
            this.topic = topic;
        }

        void deliver() {
            preparations.forEach(Runnable::run);
            deliverySenders.execute(topic.deliveries::sendReady);
        }
    }

    /** Waits until every message accepted so far has been delivered to its subscribed queues. */
    public void awaitDeliveries() {
        List<Topic> current;
        synchronized (this) {
            current = List.copyOf(topics.values());
        }
        current.forEach(topic -> topic.deliveries.awaitAllSent());
    }

    /** An SQS delivery waiting its turn in a topic's order. */
    private record QueuedSend(SubscriptionState subscription, SendMessageRequest message) {}

    /**
     * Accepts one message under the topic's lock: deduplication, sequence number, which
     * subscriptions it reaches, and a place in the topic's delivery order for each queue. The
     * deliveries themselves are prepared and sent after the lock is released ({@link Acceptance}).
     */
    private PublishResult accept(Topic topic, PublishRequest request, Acceptance acceptance) {
        publishedMessages.computeIfAbsent(topic.arn, arn -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        Instant now = clock.instant();
        String deduplicationId = null;
        String sequenceNumber = null;
        if (topic.fifo) {
            deduplicationId = request.messageDeduplicationId() != null
                    ? request.messageDeduplicationId()
                    : sha256(request.message());
            topic.forgetDeduplicationIdsExpiredAt(now);
            Deduplicated duplicate = topic.recentDeduplicationIds.get(topic.deduplicationKey(request.messageGroupId(), deduplicationId));
            if (duplicate != null) {
                return duplicate.result();
            }
            sequenceNumber = topic.nextSequenceNumber();
        }
        PublishResult result = new PublishResult(ids.get(), sequenceNumber);
        if (deduplicationId != null) {
            topic.recentDeduplicationIds.put(topic.deduplicationKey(request.messageGroupId(), deduplicationId),
                    new Deduplicated(now.plus(DEDUPLICATION_WINDOW), result));
        }
        List<SubscriptionState> targets;
        synchronized (this) {
            targets = subscriptions.values().stream().filter(s -> s.topicArn.equals(topic.arn)).toList();
        }
        for (SubscriptionState subscription : targets) {
            if (subscription.filterPolicy != null
                    && !subscription.filterPolicy.matches(request.messageAttributes(), request.message())) {
                continue;
            }
            Notification notification = new Notification(result.messageId(), topic.arn, request.subject(),
                    messageFor(subscription.protocol, request), request.messageAttributes(), now, sequenceNumber,
                    request.messageGroupId(), deduplicationId);
            if (subscription.protocol.equals("sqs")) {
                OrderedDeliveries.Place<QueuedSend> place = topic.deliveries.reserve();
                acceptance.preparations.add(() -> topic.deliveries.prepare(place, preparedQueueMessage(topic, subscription, notification)));
            } else {
                acceptance.preparations.add(() -> deliverReportingFailure(topic, subscription, notification));
            }
        }
        return result;
    }

    /** Never throws: a place left unprepared would stop the topic's deliveries behind it. */
    private java.util.Optional<QueuedSend> preparedQueueMessage(Topic topic, SubscriptionState subscription, Notification notification) {
        try {
            return queueMessage(topic, subscription, notification).map(message -> new QueuedSend(subscription, message));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + subscription.arn + " failed: " + e.getMessage(), e);
            return java.util.Optional.empty();
        }
    }

    private void deliverReportingFailure(Topic topic, SubscriptionState subscription, Notification notification) {
        try {
            deliver(topic, subscription, notification);
        } catch (RuntimeException e) {
            // SNS accepts the publish even when a delivery fails; the failure is reported, not thrown.
            LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + subscription.arn + " failed: " + e.getMessage(), e);
        }
    }

    private static String messageFor(String protocol, PublishRequest request) {
        if (!"json".equals(request.messageStructure())) {
            return request.message();
        }
        JsonNode structured = defaultMessageOf(request.message());
        JsonNode specific = structured.get(protocol);
        return specific != null && specific.isTextual() ? specific.textValue() : structured.get("default").textValue();
    }

    // ---- delivery -------------------------------------------------------------------------

    private void deliver(Topic topic, SubscriptionState subscription, Notification notification) {
        switch (subscription.protocol) {
            case "http", "https" -> deliverToHttp(topic, subscription, notification);
            case "email", "sms" -> toOutbox(subscription, notification, notification.message());
            case "email-json" -> toOutbox(subscription, notification, envelope(topic, subscription, notification));
            default -> {
                DeliveryTarget target = deliveryTargets.get(subscription.protocol);
                if (target == null) {
                    LOG.log(System.Logger.Level.WARNING, "No delivery target registered for protocol " + subscription.protocol
                            + "; message " + notification.messageId() + " to " + subscription.endpoint + " dropped");
                    return;
                }
                target.deliver(new Delivery(view(subscription), notification, envelope(topic, subscription, notification), subscription.raw));
            }
        }
    }

    /**
     * Declares a FIFO queue whose deduplication scope is the message group. ElasticMQ compares
     * deduplication ids across the whole queue, so deliveries to such a queue carry an id qualified by
     * their group: the same id in two groups is then two messages, as on SQS in high-throughput mode.
     */
    public void deduplicateQueuePerMessageGroup(String queueArn) {
        perMessageGroupQueues.add(queueArn);
    }

    /** The SQS message a subscription receives; empty when SNS cannot deliver it (raw with too many attributes). */
    private java.util.Optional<SendMessageRequest> queueMessage(Topic topic, SubscriptionState subscription, Notification notification) {
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queueUrl(subscription.endpoint));
        if (subscription.raw) {
            if (notification.messageAttributes().size() > MAX_SQS_MESSAGE_ATTRIBUTES) {
                // SQS refuses more than ten attributes, so SNS cannot deliver such a message raw.
                LOG.log(System.Logger.Level.WARNING, "Message " + notification.messageId() + " has more than "
                        + MAX_SQS_MESSAGE_ATTRIBUTES + " attributes; raw delivery to " + subscription.endpoint + " failed");
                return java.util.Optional.empty();
            }
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            notification.messageAttributes().forEach((name, attribute) -> attributes.put(name, sqsAttribute(attribute)));
            send.messageBody(notification.message()).messageAttributes(attributes);
        } else {
            send.messageBody(envelope(topic, subscription, notification));
        }
        if (subscription.endpoint.endsWith(".fifo")) {
            send.messageGroupId(notification.messageGroupId())
                    .messageDeduplicationId(perMessageGroupQueues.contains(subscription.endpoint)
                            ? sha256(notification.messageGroupId() + '\u0000' + notification.messageDeduplicationId())
                            : notification.messageDeduplicationId());
        }
        return java.util.Optional.of(send.build());
    }

    /**
     * Sends a topic's ready deliveries to each queue with SendMessageBatch, ten at a time and in
     * the topic's order: one request per queue for many messages, which is what keeps the local
     * pipeline's fan-out cheap. A failed entry is reported like any failed delivery.
     */
    private void sendInOrder(List<QueuedSend> deliveries) {
        Map<SubscriptionState, List<SendMessageRequest>> byQueue = new LinkedHashMap<>();
        deliveries.forEach(delivery -> byQueue.computeIfAbsent(delivery.subscription(), ignored -> new ArrayList<>()).add(delivery.message()));
        byQueue.forEach((subscription, messages) -> {
            for (int from = 0; from < messages.size(); from += 10) {
                List<SendMessageRequest> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
                List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (SendMessageRequest message : chunk) {
                    entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(entries.size()))
                            .messageBody(message.messageBody())
                            .messageAttributes(message.messageAttributes())
                            .messageGroupId(message.messageGroupId())
                            .messageDeduplicationId(message.messageDeduplicationId())
                            .build());
                }
                try {
                    var result = sqs.sendMessageBatch(request -> request.queueUrl(chunk.get(0).queueUrl()).entries(entries));
                    result.failed().forEach(failure -> LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + subscription.arn
                            + " failed: " + failure.code() + " " + failure.message()));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "SNS delivery to " + subscription.arn + " failed: " + e.getMessage(), e);
                }
            }
        });
    }

    private static MessageAttributeValue sqsAttribute(MessageAttribute attribute) {
        MessageAttributeValue.Builder value = MessageAttributeValue.builder().dataType(attribute.dataType());
        return attribute.isBinary()
                ? value.binaryValue(SdkBytes.fromByteArray(attribute.binaryValue())).build()
                : value.stringValue(attribute.stringValue()).build();
    }

    private String queueUrl(String queueArn) {
        return queueUrls.computeIfAbsent(queueArn, arn -> {
            String queueName = arn.substring(arn.lastIndexOf(':') + 1);
            return sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        });
    }

    private void deliverToHttp(Topic topic, SubscriptionState subscription, Notification notification) {
        String body = subscription.raw ? notification.message() : envelope(topic, subscription, notification);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(subscription.endpoint))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("x-amz-sns-message-type", "Notification")
                .header("x-amz-sns-message-id", notification.messageId())
                .header("x-amz-sns-topic-arn", topic.arn)
                .header("x-amz-sns-subscription-arn", subscription.arn)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (subscription.raw) {
            request.header("x-amz-sns-rawdelivery", "true");
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() >= 300) {
                LOG.log(System.Logger.Level.WARNING, "HTTP delivery of " + notification.messageId() + " to "
                        + subscription.endpoint + " failed: " + (failure != null ? failure.getMessage() : response.statusCode()));
            }
        });
    }

    private void toOutbox(SubscriptionState subscription, Notification notification, String message) {
        String subject = notification.subject();
        if (subject == null && !subscription.protocol.equals("sms")) {
            subject = "AWS Notification Message";
        }
        OutboxMessage outboxMessage = new OutboxMessage(subscription.protocol, subscription.endpoint, subject, message,
                notification.topicArn(), notification.timestamp());
        outbox.add(outboxMessage);
        outboxListener.accept(outboxMessage);
    }

    /** The signed JSON envelope SNS delivers to non-raw subscriptions, fields in SNS's order. */
    String envelope(Topic topic, SubscriptionState subscription, Notification notification) {
        String timestamp = TIMESTAMP.format(notification.timestamp());
        String signatureVersion = "2".equals(topic.attributes.get("SignatureVersion")) ? "2" : "1";
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", notification.messageId());
        if (notification.sequenceNumber() != null) {
            envelope.put("SequenceNumber", notification.sequenceNumber());
        }
        envelope.put("TopicArn", topic.arn);
        if (notification.subject() != null) {
            envelope.put("Subject", notification.subject());
        }
        envelope.put("Message", notification.message());
        envelope.put("Timestamp", timestamp);
        envelope.put("SignatureVersion", signatureVersion);
        envelope.put("Signature", signer.sign(NotificationSigner.notificationStringToSign(notification.message(),
                notification.messageId(), notification.subject(), timestamp, topic.arn), signatureVersion));
        envelope.put("SigningCertURL", serviceEndpoint + CERTIFICATE_PATH);
        envelope.put("UnsubscribeURL", serviceEndpoint + "/?Action=Unsubscribe&SubscriptionArn="
                + URLEncoder.encode(subscription.arn, StandardCharsets.UTF_8));
        if (!notification.messageAttributes().isEmpty()) {
            ObjectNode attributes = envelope.putObject("MessageAttributes");
            notification.messageAttributes().forEach((name, attribute) -> attributes.putObject(name)
                    .put("Type", attribute.dataType())
                    .put("Value", attribute.envelopeValue()));
        }
        return envelope.toString();
    }

    // ---- lookups and state ----------------------------------------------------------------

    private Topic topic(String topicArn) {
        Topic topic = topicArn == null ? null : topics.get(topicArn);
        if (topic == null) {
            throw SnsException.notFound("Topic does not exist");
        }
        return topic;
    }

    private SubscriptionState subscription(String subscriptionArn) {
        SubscriptionState subscription = subscriptionArn == null ? null : subscriptions.get(subscriptionArn);
        if (subscription == null) {
            throw SnsException.notFound("Subscription does not exist");
        }
        return subscription;
    }

    private Subscription view(SubscriptionState subscription) {
        return new Subscription(subscription.arn, subscription.topicArn, subscription.protocol, subscription.endpoint, accountId);
    }

    private String defaultTopicPolicy(String topicArn) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:Publish\",\"SNS:Subscribe\",\"SNS:Receive\"],"
                + "\"Resource\":\"" + topicArn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + accountId + "\"}}}]}";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Deduplicated(Instant expiresAt, PublishResult result) {}

    static final class Topic {
        final String arn;
        final String name;
        final boolean fifo;
        final Map<String, String> attributes = new ConcurrentHashMap<>();
        final Map<String, Deduplicated> recentDeduplicationIds = new LinkedHashMap<>();
        final OrderedDeliveries<QueuedSend> deliveries;
        private long sequence;

        Topic(String arn, String name, boolean fifo, OrderedDeliveries<QueuedSend> deliveries) {
            this.arn = arn;
            this.name = name;
            this.fifo = fifo;
            this.deliveries = deliveries;
        }

        void set(String attribute, String value) {
            if (attribute.equals("ContentBasedDeduplication")) {
                if (!fifo) {
                    throw SnsException.invalidParameter(
                            "Invalid parameter: Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics");
                }
                if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                    throw SnsException.invalidParameter("Invalid parameter: ContentBasedDeduplication must be true or false");
                }
            }
            if (attribute.equals("FifoThroughputScope")) {
                if (!fifo) {
                    throw SnsException.invalidParameter("Invalid parameter: Attributes Reason: FifoThroughputScope is only valid for FIFO topics");
                }
                if (!"Topic".equals(value) && !"MessageGroup".equals(value)) {
                    throw SnsException.invalidParameter("Invalid parameter: FifoThroughputScope must be Topic or MessageGroup");
                }
                // High-throughput mode is one-way in SNS: a MessageGroup topic cannot go back to Topic.
                if ("Topic".equals(value) && perMessageGroup()) {
                    throw SnsException.invalidParameter("Invalid parameter: FifoThroughputScope cannot be changed from MessageGroup to Topic");
                }
            }
            if (attribute.equals("SignatureVersion") && !"1".equals(value) && !"2".equals(value)) {
                throw SnsException.invalidParameter("Invalid parameter: SignatureVersion must be 1 or 2");
            }
            if (value == null) {
                attributes.remove(attribute);
            } else {
                attributes.put(attribute, value);
            }
        }

        /**
         * Ids are kept in the order they were first seen, which is the order they expire in: only
         * the expired head is looked at, so a busy topic does not scan five minutes of ids per publish.
         */
        void forgetDeduplicationIdsExpiredAt(Instant now) {
            var oldest = recentDeduplicationIds.values().iterator();
            while (oldest.hasNext() && oldest.next().expiresAt().isBefore(now)) {
                oldest.remove();
            }
        }

        /** High-throughput mode: deduplication ids are compared within their message group only. */
        boolean perMessageGroup() {
            return "MessageGroup".equals(attributes.get("FifoThroughputScope"));
        }

        /**
         * What a deduplication id is remembered under: the id alone on a topic-scoped topic, the id
         * within its message group on a MessageGroup-scoped one (the same id in two groups is then two messages).
         */
        String deduplicationKey(String messageGroupId, String deduplicationId) {
            return perMessageGroup() ? messageGroupId + '\u0000' + deduplicationId : deduplicationId;
        }

        boolean contentBasedDeduplication() {
            return "true".equalsIgnoreCase(attributes.get("ContentBasedDeduplication"));
        }

        /** SNS FIFO sequence numbers are 20-digit decimal strings that only grow within a topic. */
        String nextSequenceNumber() {
            sequence++;
            return "1" + String.format("%019d", sequence);
        }
    }

    static final class SubscriptionState {
        final String arn;
        final String topicArn;
        final String protocol;
        final String endpoint;
        volatile boolean raw;
        volatile String filterPolicyJson;
        volatile FilterPolicy filterPolicy;
        volatile FilterPolicy.Scope filterPolicyScope = FilterPolicy.Scope.MESSAGE_ATTRIBUTES;
        final Map<String, String> otherAttributes = new ConcurrentHashMap<>();

        SubscriptionState(String arn, String topicArn, String protocol, String endpoint) {
            this.arn = arn;
            this.topicArn = topicArn;
            this.protocol = protocol;
            this.endpoint = endpoint;
        }
    }
}
