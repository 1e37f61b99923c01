package dev.catalog.local.aws.sns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.catalog.local.services.LoopbackHttpServers;
import dev.catalog.local.aws.iam.LocalIam;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Serves {@link LocalSns} over the AWS Query protocol (form-encoded POST, XML answers) on
 * 127.0.0.1, so the AWS SDK's {@code SnsClient} and the AWS CLI work against it unchanged.
 * Request signatures are neither required nor checked. Also serves the signing certificate.
 */
public final class SnsHttpServer implements AutoCloseable {

    static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

    private static final System.Logger LOG = System.getLogger(SnsHttpServer.class.getName());

    private final LocalSns sns;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Map<String, Function<Map<String, String>, String>> actions = new LinkedHashMap<>();
    private volatile PublishInterceptor publishes = PublishInterceptor.NONE;
    /** Each topic's publish quota when {@link #limitEveryTopicTo} set one; SNS applies its quotas before anything else. */
    private final Map<String, PublishThrottle> quotas = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile double everyTopicRate;
    private final LocalIam iam;

    /** Starts serving at once, with no function roles (every caller has full access); port 0 picks a free port. */
    public SnsHttpServer(LocalSns sns, int port) throws IOException {
        this(sns, port, new LocalIam());
    }

    /**
     * Starts serving at once; port 0 picks a free port (see {@link #endpoint()}). A request signed
     * with a function's key is decided by its role first ({@code sns:<Action>} on the topic).
     */
    public SnsHttpServer(LocalSns sns, int port, LocalIam iam) throws IOException {
        this.sns = sns;
        this.iam = iam;
        this.server = LoopbackHttpServers.create(new InetSocketAddress("127.0.0.1", port));
        this.executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "local-sns-http");
            thread.setDaemon(true);
            return thread;
        });
        registerActions();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        sns.useServiceEndpoint(endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Routes Publish and PublishBatch through {@code interceptor} from now on. */
    public void interceptPublishes(PublishInterceptor interceptor) {
        this.publishes = interceptor;
    }

    /**
     * Every topic, each on its own, answers {@code Throttled} to publishes beyond {@code messagesPerSecond}
     * (a second's worth may come at once), as SNS does above its publish quota ({@code --sns-publish-rate}).
     */
    public void limitEveryTopicTo(double messagesPerSecond) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("a publish quota is a positive number of messages a second, not " + messagesPerSecond);
        }
        quotas.clear();
        everyTopicRate = messagesPerSecond;
    }

    private void withinQuota(String topicArn, int messages) {
        if (everyTopicRate == 0) {
            return;
        }
        PublishThrottle quota = quotas.computeIfAbsent(topicArn, arn -> new PublishThrottle(everyTopicRate, System::nanoTime));
        if (!quota.tryTake(messages)) {
            throw SnsException.throttled("Rate exceeded: more than " + quota.messagesPerSecond() + " messages a second to " + topicArn);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void registerActions() {
        actions.put("CreateTopic", p -> result("CreateTopic",
                element("TopicArn", sns.createTopic(p.get("Name"), entries(p, "Attributes", "key", "value")))));
        actions.put("DeleteTopic", p -> {
            sns.deleteTopic(required(p, "TopicArn"));
            return result("DeleteTopic", null);
        });
        actions.put("ListTopics", p -> {
            StringBuilder members = new StringBuilder();
            sns.listTopics().forEach(arn -> members.append("<member>").append(element("TopicArn", arn)).append("</member>"));
            return result("ListTopics", "<Topics>" + members + "</Topics>");
        });
        actions.put("GetTopicAttributes", p -> result("GetTopicAttributes",
                attributesXml(sns.topicAttributes(required(p, "TopicArn")))));
        actions.put("SetTopicAttributes", p -> {
            sns.setTopicAttribute(required(p, "TopicArn"), required(p, "AttributeName"), p.get("AttributeValue"));
            return result("SetTopicAttributes", null);
        });
        actions.put("Subscribe", p -> result("Subscribe", element("SubscriptionArn",
                sns.subscribe(required(p, "TopicArn"), required(p, "Protocol"), p.get("Endpoint"),
                        entries(p, "Attributes", "key", "value")))));
        actions.put("Unsubscribe", p -> {
            sns.unsubscribe(required(p, "SubscriptionArn"));
            return result("Unsubscribe", null);
        });
        actions.put("ConfirmSubscription", p -> {
            // Subscriptions are confirmed when created; confirming again names the topic's first one.
            String topicArn = required(p, "TopicArn");
            List<Subscription> subscriptions = sns.listSubscriptionsByTopic(topicArn);
            String arn = subscriptions.isEmpty() ? topicArn + ":" + UUID.randomUUID() : subscriptions.get(0).subscriptionArn();
            return result("ConfirmSubscription", element("SubscriptionArn", arn));
        });
        actions.put("ListSubscriptions", p -> result("ListSubscriptions", subscriptionsXml(sns.listSubscriptions())));
        actions.put("ListSubscriptionsByTopic", p -> result("ListSubscriptionsByTopic",
                subscriptionsXml(sns.listSubscriptionsByTopic(required(p, "TopicArn")))));
        actions.put("GetSubscriptionAttributes", p -> result("GetSubscriptionAttributes",
                attributesXml(sns.subscriptionAttributes(required(p, "SubscriptionArn")))));
        actions.put("SetSubscriptionAttributes", p -> {
            sns.setSubscriptionAttribute(required(p, "SubscriptionArn"), required(p, "AttributeName"), p.get("AttributeValue"));
            return result("SetSubscriptionAttributes", null);
        });
        actions.put("Publish", p -> {
            String topicArn = p.containsKey("TopicArn") ? p.get("TopicArn") : p.get("TargetArn");
            withinQuota(topicArn, 1);
            PublishResult published = publishes.publish(publishRequest(p, "", topicArn), sns);
            return result("Publish", element("MessageId", published.messageId())
                    + (published.sequenceNumber() == null ? "" : element("SequenceNumber", published.sequenceNumber())));
        });
        actions.put("PublishBatch", p -> {
            String topicArn = required(p, "TopicArn");
            List<BatchEntry> entries = new ArrayList<>();
            for (int n = 1; p.containsKey("PublishBatchRequestEntries.member." + n + ".Id"); n++) {
                String prefix = "PublishBatchRequestEntries.member." + n + ".";
                entries.add(new BatchEntry(p.get(prefix + "Id"), publishRequest(p, prefix, topicArn)));
            }
            withinQuota(topicArn, entries.size());
            BatchResult batch = publishes.publishBatch(topicArn, entries, sns);
            StringBuilder xml = new StringBuilder("<Successful>");
            batch.successful().forEach(success -> xml.append("<member>")
                    .append(element("Id", success.id()))
                    .append(element("MessageId", success.messageId()))
                    .append(success.sequenceNumber() == null ? "" : element("SequenceNumber", success.sequenceNumber()))
                    .append("</member>"));
            xml.append("</Successful><Failed>");
            batch.failed().forEach(failure -> xml.append("<member>")
                    .append(element("Id", failure.id()))
                    .append(element("Code", failure.code()))
                    .append(element("Message", failure.message()))
                    .append(element("SenderFault", Boolean.toString(failure.senderFault())))
                    .append("</member>"));
            xml.append("</Failed>");
            return result("PublishBatch", xml.toString());
        });
    }

    // ---- request handling ---------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod()) && LocalSns.CERTIFICATE_PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 200, "application/x-pem-file", sns.signer().certificatePem());
                return;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), parameters);
            if ("POST".equals(exchange.getRequestMethod())) {
                parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), parameters);
            }
            String action = parameters.get("Action");
            Function<Map<String, String>, String> handler = action == null ? null : actions.get(action);
            if (handler == null) {
                respond(exchange, 400, "text/xml", error("InvalidAction", "The action " + action + " is not valid for this endpoint.", requestId));
                return;
            }
            try {
                authorize(exchange, action, parameters);
                String body = handler.apply(parameters);
                int closingTag = body.lastIndexOf("</");
                String withMetadata = body.substring(0, closingTag)
                        + "<ResponseMetadata>" + element("RequestId", requestId) + "</ResponseMetadata>"
                        + body.substring(closingTag);
                respond(exchange, 200, "text/xml", withMetadata);
            } catch (SnsException e) {
                respond(exchange, e.httpStatus(), "text/xml",
                        errorDocument(e.senderFault() ? "Sender" : "Receiver", e.code(), e.getMessage(), requestId));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "SNS request failed", e);
            respond(exchange, 500, "text/xml", errorDocument("Receiver", "InternalError", String.valueOf(e.getMessage()), requestId));
        }
    }

    /** SNS authorises PublishBatch as {@code sns:Publish}; every other action by its own name, on its topic. */
    private void authorize(HttpExchange exchange, String action, Map<String, String> parameters) {
        String accessKey = LocalIam.accessKeyOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String iamAction = "sns:" + (action.equals("PublishBatch") ? "Publish" : action);
        String resource = parameters.getOrDefault("TopicArn", parameters.getOrDefault("TargetArn", "*"));
        iam.authorize(accessKey, iamAction, resource).denial().ifPresent(message -> {
            throw new SnsException("AuthorizationError", 403, message);
        });
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw SnsException.invalidParameter("Invalid parameter: " + name);
        }
        return value;
    }

    /** Reads a query-protocol map: {@code Prefix.entry.N.key} / {@code Prefix.entry.N.value}. */
    private static Map<String, String> entries(Map<String, String> parameters, String prefix, String keyName, String valueName) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int n = 1; parameters.containsKey(prefix + ".entry." + n + "." + keyName); n++) {
            map.put(parameters.get(prefix + ".entry." + n + "." + keyName), parameters.get(prefix + ".entry." + n + "." + valueName));
        }
        return map;
    }

    private static PublishRequest publishRequest(Map<String, String> parameters, String prefix, String topicArn) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        String attributePrefix = prefix + "MessageAttributes.entry.";
        for (int n = 1; parameters.containsKey(attributePrefix + n + ".Name"); n++) {
            String entry = attributePrefix + n + ".";
            String binary = parameters.get(entry + "Value.BinaryValue");
            String dataType = parameters.get(entry + "Value.DataType");
            if (dataType == null) {
                throw SnsException.parameterValueInvalid("The message attribute '" + parameters.get(entry + "Name") + "' must contain a DataType.");
            }
            byte[] binaryValue;
            try {
                binaryValue = binary == null ? null : Base64.getDecoder().decode(binary);
            } catch (IllegalArgumentException e) {
                throw SnsException.parameterValueInvalid("The message attribute '" + parameters.get(entry + "Name") + "' has an invalid binary value.");
            }
            attributes.put(parameters.get(entry + "Name"),
                    new MessageAttribute(dataType, parameters.get(entry + "Value.StringValue"), binaryValue));
        }
        return new PublishRequest(topicArn, parameters.get(prefix + "Message"), parameters.get(prefix + "Subject"),
                parameters.get(prefix + "MessageStructure"), attributes, parameters.get(prefix + "MessageGroupId"),
                parameters.get(prefix + "MessageDeduplicationId"));
    }

    // ---- XML ------------------------------------------------------------------------------

    private static String result(String action, String resultContent) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
                .append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        if (resultContent != null) {
            xml.append('<').append(action).append("Result>").append(resultContent).append("</").append(action).append("Result>");
        }
        xml.append("</").append(action).append("Response>");
        return xml.toString();
    }

    private static String attributesXml(Map<String, String> attributes) {
        StringBuilder xml = new StringBuilder("<Attributes>");
        attributes.forEach((key, value) -> xml.append("<entry>").append(element("key", key))
                .append(element("value", value)).append("</entry>"));
        return xml.append("</Attributes>").toString();
    }

    private static String subscriptionsXml(List<Subscription> subscriptions) {
        StringBuilder xml = new StringBuilder("<Subscriptions>");
        subscriptions.forEach(subscription -> xml.append("<member>")
                .append(element("TopicArn", subscription.topicArn()))
                .append(element("Protocol", subscription.protocol()))
                .append(element("SubscriptionArn", subscription.subscriptionArn()))
                .append(element("Owner", subscription.owner()))
                .append(element("Endpoint", subscription.endpoint()))
                .append("</member>"));
        return xml.append("</Subscriptions>").toString();
    }

    private static String error(String code, String message, String requestId) {
        return errorDocument("Sender", code, message, requestId);
    }

    private static String errorDocument(String type, String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>"
                + element("Type", type) + element("Code", code) + element("Message", message)
                + "</Error>" + element("RequestId", requestId) + "</ErrorResponse>";
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + escape(value == null ? "" : value) + "</" + name + ">";
    }

    /** Escapes text for XML 1.0; control characters XML cannot carry become character references where allowed. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                case '\r' -> escaped.append("&#xD;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
