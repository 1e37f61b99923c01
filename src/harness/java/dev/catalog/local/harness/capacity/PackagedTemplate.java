package dev.catalog.local.harness.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the capacity model reads off the CloudFormation template {@code osls package} writes: the
 * settings that decide a quota (throughput modes, event-source concurrency, Aurora capacity), so
 * the model describes what deploys.
 */
record PackagedTemplate(List<Topic> topics, List<Queue> queues, List<EventSource> eventSources, List<Function> functions,
                        Optional<Database> database, List<String> tables) {
    static final Path DEFAULT_FILE = Path.of(".serverless", "cloudformation-template-update-stack.json");

    /** @param highThroughput FifoThroughputScope MessageGroup */
    record Topic(String logicalId, String name, boolean fifo, boolean highThroughput) {
    }

    /** @param highThroughput DeduplicationScope messageGroup and FifoThroughputLimit perMessageGroupId */
    record Queue(String logicalId, String name, boolean fifo, boolean highThroughput) {
    }

    /** An SQS event source mapping; {@code maximumConcurrency} empty when not set. */
    record EventSource(String function, String queueName, int batchSize, OptionalInt maximumConcurrency) {
    }

    /** @param usesDatabase the function has DB_HOST, so each concurrent invocation holds an Aurora connection */
    record Function(String name, boolean usesDatabase) {
    }

    record Database(double minCapacity, double maxCapacity) {
    }

    static PackagedTemplate load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged template " + file + " (make package writes it)", e);
        }
    }

    static PackagedTemplate parse(JsonNode template) {
        JsonNode resources = template.path("Resources");
        List<Topic> topics = new ArrayList<>();
        List<Queue> queues = new ArrayList<>();
        List<Function> functions = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        Optional<Database> database = Optional.empty();
        for (Iterator<Map.Entry<String, JsonNode>> all = resources.fields(); all.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = all.next();
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().path("Type").asText()) {
                case "AWS::SNS::Topic" -> topics.add(new Topic(resource.getKey(), properties.path("TopicName").asText(resource.getKey()),
                        properties.path("FifoTopic").asBoolean(false), "MessageGroup".equals(properties.path("FifoThroughputScope").asText())));
                case "AWS::SQS::Queue" -> queues.add(new Queue(resource.getKey(), properties.path("QueueName").asText(resource.getKey()),
                        properties.path("FifoQueue").asBoolean(false),
                        "messageGroup".equals(properties.path("DeduplicationScope").asText())
                                && "perMessageGroupId".equals(properties.path("FifoThroughputLimit").asText())));
                case "AWS::Lambda::Function" -> functions.add(new Function(functionName(properties.path("FunctionName").asText()),
                        properties.path("Environment").path("Variables").has("DB_HOST")));
                case "AWS::DynamoDB::Table" -> tables.add(properties.path("TableName").asText(resource.getKey()));
                case "AWS::RDS::DBCluster" -> {
                    JsonNode scaling = properties.path("ServerlessV2ScalingConfiguration");
                    database = Optional.of(new Database(scaling.path("MinCapacity").asDouble(0.5), scaling.path("MaxCapacity").asDouble(1)));
                }
                default -> { }
            }
        }
        List<EventSource> eventSources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> all = resources.fields(); all.hasNext(); ) {
            JsonNode resource = all.next().getValue();
            if (!resource.path("Type").asText().equals("AWS::Lambda::EventSourceMapping")) {
                continue;
            }
            JsonNode properties = resource.path("Properties");
            String queueLogicalId = properties.path("EventSourceArn").path("Fn::GetAtt").path(0).asText();
            String functionLogicalId = properties.path("FunctionName").findPath("Fn::GetAtt").path(0).asText();
            String queueName = queues.stream().filter(queue -> queue.logicalId().equals(queueLogicalId)).map(Queue::name)
                    .findFirst().orElse(queueLogicalId);
            String function = functionName(resources.path(functionLogicalId).path("Properties").path("FunctionName").asText(functionLogicalId));
            JsonNode maximum = properties.path("ScalingConfig").path("MaximumConcurrency");
            eventSources.add(new EventSource(function, queueName, properties.path("BatchSize").asInt(10),
                    maximum.isNumber() ? OptionalInt.of(maximum.asInt()) : OptionalInt.empty()));
        }
        return new PackagedTemplate(List.copyOf(topics), List.copyOf(queues), List.copyOf(eventSources), List.copyOf(functions),
                database, List.copyOf(tables));
    }

    /** serverless.yml's name of a function: the packaged FunctionName is {@code <service>-<stage>-<name>}. */
    private static String functionName(String packaged) {
        return packaged.substring(packaged.lastIndexOf('-') + 1);
    }

    Optional<Queue> queue(String name) {
        return queues.stream().filter(queue -> queue.name().equals(name)).findFirst();
    }

    Optional<Function> function(String name) {
        return functions.stream().filter(function -> function.name().equals(name)).findFirst();
    }
}
