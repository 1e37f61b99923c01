package dev.catalog.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.http.Caller;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import dev.catalog.queue.S3ObjectCreated;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code events/samples.properties} names one sample per function of serverless.yml (the samples
 * {@code make bench-coldstart} serves), and each sample is an event its function's trigger could
 * really send: the handler's event type, the declared route with its path parameters and a caller,
 * or the function's own queue with the FIFO attributes, commands and S3 keys that queue carries.
 * {@code SampleEventsE2ET} then serves every one to its function on the local runtime.
 */
class SampleEventsContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerlessConfig config;
    private static Properties samples;

    @BeforeAll
    static void load() throws Exception {
        config = ServerlessConfig.load(Path.of("serverless.yml"), Optional.empty(), Optional.empty(), "000000000000");
        samples = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("events/samples.properties"))) {
            samples.load(reader);
        }
    }

    @Test
    void everyFunctionHasOneSampleAndEverySampleAFunction() {
        assertEquals(new TreeSet<>(config.functions().keySet()), new TreeSet<>(samples.stringPropertyNames()));
        for (String function : samples.stringPropertyNames()) {
            assertTrue(Files.isRegularFile(Path.of(samples.getProperty(function))), function + ": " + samples.getProperty(function));
        }
    }

    @Test
    void everySampleLoadsAsItsHandlersEventType() throws Exception {
        for (String function : samples.stringPropertyNames()) {
            Class<?> eventType = eventTypeOf(handlerOf(function));
            Object event = EventLoader.loadEvent(samples.getProperty(function), eventType);
            assertNotNull(event, function);
            assertTrue(eventType.isInstance(event), function + " expects " + eventType.getSimpleName());
        }
    }

    @Test
    void httpSamplesTakeTheirFunctionsRouteWithItsPathParametersAndACaller() {
        for (String function : samples.stringPropertyNames()) {
            Map<String, Object> httpApi = trigger(function, "httpApi");
            if (httpApi == null) {
                continue;
            }
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(samples.getProperty(function));
            String routeKey = httpApi.get("method") + " " + httpApi.get("path");
            assertEquals(routeKey, event.getRouteKey(), function);
            assertEquals(routeKey, event.getRequestContext().getRouteKey(), function);
            assertEquals(String.valueOf(httpApi.get("method")), event.getRequestContext().getHttp().getMethod(), function);
            // The raw path is the route's template with the sample's path parameters in it.
            Matcher names = Pattern.compile("\\{([a-z]+)}").matcher(String.valueOf(httpApi.get("path")));
            String expectedPath = String.valueOf(httpApi.get("path"));
            Set<String> declared = new TreeSet<>();
            while (names.find()) {
                declared.add(names.group(1));
                expectedPath = expectedPath.replace(names.group(), event.getPathParameters().get(names.group(1)));
            }
            assertEquals(declared, event.getPathParameters() == null ? Set.of() : new TreeSet<>(event.getPathParameters().keySet()), function);
            assertEquals(expectedPath, event.getRawPath(), function);
            assertTrue(Caller.of(event).isPresent(), function + ": the JWT authorizer's claims");
        }
    }

    @Test
    void queueSamplesComeFromTheirFunctionsQueueWithItsFifoAttributes() {
        for (String function : samples.stringPropertyNames()) {
            Map<String, Object> sqs = trigger(function, "sqs");
            if (sqs == null) {
                continue;
            }
            Map<String, Object> queue = resourceProperties(getAttTarget(sqs.get("arn")));
            String queueName = String.valueOf(queue.get("QueueName")).replace("${sls:stage}", "dev");
            boolean fifo = Boolean.TRUE.equals(queue.get("FifoQueue"));
            SQSEvent event = EventLoader.loadSQSEvent(samples.getProperty(function));
            assertFalse(event.getRecords().isEmpty(), function);
            assertTrue(event.getRecords().size() <= ((Number) sqs.get("batchSize")).intValue(), function + ": within the batch size");
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                assertTrue(message.getEventSourceArn().endsWith(":" + queueName), function + ": " + message.getEventSourceArn());
                assertEquals(fifo, message.getAttributes().containsKey("MessageGroupId"), function + " " + message.getMessageId());
            }
        }
    }

    @Test
    void attachmentCommandsSampleCarriesValidDeleteCommandsGroupedByProduct() throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent(samples.getProperty("attachmentWorker"));
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            JsonNode command = JSON.readTree(message.getBody());
            assertEquals(Set.of(), Schemas.violations("command.v1.json", command), message.getMessageId());
            assertEquals("attachment.delete", command.get("type").asText());
            assertEquals(Set.of(), Schemas.violations("attachment.delete.v1.json", command.get("payload")), message.getMessageId());
            assertEquals(command.at("/payload/productId").asText(), message.getAttributes().get("MessageGroupId"));
            assertEquals(command.get("commandId").asText(), message.getAttributes().get("MessageDeduplicationId"));
            assertEquals("attachment.delete", message.getMessageAttributes().get("type").getStringValue());
            assertEquals(command.at("/actor/sub").asText(), message.getMessageAttributes().get("actor").getStringValue());
        }
    }

    @Test
    void s3NotificationSamplesNameObjectsUnderThePrefixTheBucketSendsToThatQueue() {
        Map<String, String> prefixByQueue = notificationPrefixesByQueue();
        for (String function : List.of("uploadProcessor", "importProcessor")) {
            String queueId = getAttTarget(trigger(function, "sqs").get("arn"));
            String prefix = prefixByQueue.get(queueId);
            assertNotNull(prefix, "the documents bucket notifies " + queueId);
            for (SQSEvent.SQSMessage message : EventLoader.loadSQSEvent(samples.getProperty(function)).getRecords()) {
                List<S3ObjectCreated> created = S3ObjectCreated.in(Json.mapper(), message.getBody());
                assertEquals(1, created.size(), function + " " + message.getMessageId());
                assertTrue(created.get(0).key().startsWith(prefix), function + ": " + created.get(0).key());
                assertFalse(created.get(0).eTag().isBlank(), function + ": the ETag names the upload");
            }
        }
    }

    /** Queue logical id → key prefix, from the documents bucket's notification configuration. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> notificationPrefixesByQueue() {
        Map<String, String> prefixes = new java.util.HashMap<>();
        Map<String, Object> notifications = (Map<String, Object>) resourceProperties("DocumentsBucket").get("NotificationConfiguration");
        for (Object entry : (List<Object>) notifications.get("QueueConfigurations")) {
            Map<String, Object> configuration = (Map<String, Object>) entry;
            Map<String, Object> s3Key = (Map<String, Object>) ((Map<String, Object>) configuration.get("Filter")).get("S3Key");
            for (Object rule : (List<Object>) s3Key.get("Rules")) {
                Map<String, Object> named = (Map<String, Object>) rule;
                if ("prefix".equals(named.get("Name"))) {
                    prefixes.put(getAttTarget(configuration.get("Queue")), String.valueOf(named.get("Value")));
                }
            }
        }
        return prefixes;
    }

    private static String handlerOf(String function) {
        return String.valueOf(config.functions().get(function).value().get("handler"));
    }

    /** The event type of {@code Class::method}: the first parameter of its two-parameter, non-bridge method. */
    static Class<?> eventTypeOf(String handlerReference) throws ClassNotFoundException {
        String[] parts = handlerReference.split("::");
        List<Class<?>> types = new ArrayList<>();
        for (Method method : Class.forName(parts[0]).getMethods()) {
            if (method.getName().equals(parts[1]) && method.getParameterCount() == 2 && !method.isBridge()) {
                types.add(method.getParameterTypes()[0]);
            }
        }
        assertEquals(1, types.size(), handlerReference);
        return types.get(0);
    }

    /** The function's first event of that kind (its properties), or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> trigger(String function, String kind) {
        Located declaration = config.functions().get(function);
        Object events = declaration.value().get("events");
        if (!(events instanceof List<?> list)) {
            return null;
        }
        for (Object event : list) {
            if (event instanceof Map<?, ?> map && map.get(kind) instanceof Map<?, ?> properties) {
                return (Map<String, Object>) properties;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resourceProperties(String logicalId) {
        Located resource = config.resources().get(logicalId);
        assertNotNull(resource, logicalId);
        return (Map<String, Object>) resource.value().get("Properties");
    }

    /** {@code !GetAtt X.Arn} as the YAML reader gives it: {@code {Fn::GetAtt: [X, Arn]}}. */
    private static String getAttTarget(Object value) {
        assertTrue(value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?>, String.valueOf(value));
        return String.valueOf(((List<?>) ((Map<?, ?>) value).get("Fn::GetAtt")).get(0));
    }
}
