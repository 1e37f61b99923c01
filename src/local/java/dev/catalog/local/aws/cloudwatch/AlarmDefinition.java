package dev.catalog.local.aws.cloudwatch;

import java.util.List;
import java.util.Map;

/**
 * A CloudWatch alarm as declared in serverless.yml, with its references resolved.
 *
 * @param comparison a CloudWatch comparison operator, e.g. {@code GreaterThanOrEqualToThreshold}
 * @param alarmActions topic ARNs told when the alarm goes to ALARM
 * @param okActions topic ARNs told when it goes back to OK
 */
public record AlarmDefinition(String logicalId, String name, String description, String namespace, String metricName,
                              Map<String, String> dimensions, String statistic, int periodSeconds, int evaluationPeriods,
                              double threshold, String comparison, List<String> alarmActions, List<String> okActions) {

    public boolean breaches(double value) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> throw new IllegalStateException("comparison " + comparison + " was not checked at start-up");
        };
    }
}
