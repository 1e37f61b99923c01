package dev.catalog.local.aws.cloudwatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Evaluates the SQS depth alarms locally every few seconds, as CloudWatch would every period, and
 * publishes the state change, in the JSON shape CloudWatch sends, to the alarm's SNS actions; so an
 * email and an SMS land in the local outbox when a message reaches a dead-letter queue.
 */
public final class AlarmEvaluator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmEvaluator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SQS metrics the runtime can read from queue attributes. */
    private static final Map<String, QueueAttributeName> QUEUE_METRICS = Map.of(
            "ApproximateNumberOfMessagesVisible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            "ApproximateNumberOfMessagesNotVisible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);

    private final List<AlarmDefinition> alarms;
    private final SqsClient sqs;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final BiConsumer<String, Subjected> publish;
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "alarms");
        thread.setDaemon(true);
        return thread;
    });

    /** A message and its subject, as CloudWatch publishes alarm notifications. */
    public record Subjected(String subject, String message) {
    }

    /** True for alarms the runtime evaluates; the others are listed at start-up as not evaluated. */
    public static boolean canEvaluate(AlarmDefinition alarm) {
        return alarm.namespace().equals("AWS/SQS") && QUEUE_METRICS.containsKey(alarm.metricName())
                && alarm.dimensions().containsKey("QueueName");
    }

    /** @param publish sends (topic ARN, notification) on the local SNS */
    public AlarmEvaluator(List<AlarmDefinition> alarms, SqsClient sqs, String region, String accountId, Clock clock,
                          BiConsumer<String, Subjected> publish) {
        this.alarms = alarms.stream().filter(AlarmEvaluator::canEvaluate).toList();
        this.sqs = sqs;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.publish = publish;
        this.alarms.forEach(alarm -> states.put(alarm.name(), "OK"));
    }

    public AlarmEvaluator start(Duration every) {
        timer.scheduleWithFixedDelay(this::evaluateAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Current state (OK or ALARM) of every evaluated alarm. */
    public Map<String, String> states() {
        return Map.copyOf(states);
    }

    void evaluateAll() {
        for (AlarmDefinition alarm : alarms) {
            try {
                metric(alarm).ifPresent(value -> transition(alarm, value));
            } catch (RuntimeException e) {
                LOG.warn("alarm {} could not be evaluated: {}", alarm.name(), e.toString());
            }
        }
    }

    private Optional<Double> metric(AlarmDefinition alarm) {
        String queueName = alarm.dimensions().get("QueueName");
        String url = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        QueueAttributeName attribute = QUEUE_METRICS.get(alarm.metricName());
        String value = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(attribute)).attributes().get(attribute);
        return value == null ? Optional.empty() : Optional.of(Double.parseDouble(value));
    }

    private void transition(AlarmDefinition alarm, double value) {
        String next = alarm.breaches(value) ? "ALARM" : "OK";
        String previous = states.put(alarm.name(), next);
        if (next.equals(previous)) {
            return;
        }
        LOG.warn("alarm {}: {} -> {} ({} = {})", alarm.name(), previous, next, alarm.metricName(), value);
        List<String> actions = next.equals("ALARM") ? alarm.alarmActions() : alarm.okActions();
        Subjected notification = notification(alarm, previous, next, value);
        actions.forEach(topicArn -> publish.accept(topicArn, notification));
    }

    private Subjected notification(AlarmDefinition alarm, String previous, String next, double value) {
        String time = clock.instant().toString().replace("Z", "+0000");
        ObjectNode message = JSON.createObjectNode()
                .put("AlarmName", alarm.name())
                .put("AlarmDescription", alarm.description())
                .put("AWSAccountId", accountId)
                .put("AlarmConfigurationUpdatedTimestamp", time)
                .put("NewStateValue", next)
                .put("NewStateReason", "Threshold Crossed: 1 datapoint [" + value + "] was "
                        + (next.equals("ALARM") ? "" : "not ") + describe(alarm.comparison()) + " the threshold (" + alarm.threshold() + ").")
                .put("StateChangeTime", time)
                .put("Region", region)
                .put("AlarmArn", "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + alarm.name())
                .put("OldStateValue", previous);
        ObjectNode trigger = message.putObject("Trigger")
                .put("MetricName", alarm.metricName())
                .put("Namespace", alarm.namespace())
                .put("StatisticType", "Statistic")
                .put("Statistic", alarm.statistic().toUpperCase(java.util.Locale.ROOT))
                .put("Period", alarm.periodSeconds())
                .put("EvaluationPeriods", alarm.evaluationPeriods())
                .put("ComparisonOperator", alarm.comparison())
                .put("Threshold", alarm.threshold())
                .put("TreatMissingData", "missing");
        var dimensions = trigger.putArray("Dimensions");
        alarm.dimensions().forEach((name, dimensionValue) -> dimensions.addObject().put("value", dimensionValue).put("name", name));
        return new Subjected(next + ": \"" + alarm.name() + "\" in " + region, message.toString());
    }

    private static String describe(String comparison) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
