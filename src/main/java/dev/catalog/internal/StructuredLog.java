package dev.catalog.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One JSON object per log line, so CloudWatch Logs Insights can query the fields. Callers pass
 * ids and counts only — never payloads, tokens or the environment.
 */
public final class StructuredLog {
    private StructuredLog() {
    }

    /**
     * A line with the invocation's {@code function} and {@code requestId} (from the Lambda context)
     * before the caller's fields; nothing is written without a context or a logger.
     */
    public static void write(Context context, String level, String message, Map<String, ?> fields) {
        if (context == null || context.getLogger() == null) {
            return;
        }
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("level", level);
        line.put("message", message);
        line.put("function", context.getFunctionName());
        line.put("requestId", context.getAwsRequestId());
        write(context.getLogger(), line, fields);
    }

    private static void write(LambdaLogger logger, ObjectNode line, Map<String, ?> fields) {
        fields.forEach((name, value) -> line.putPOJO(name, value == null ? null : value instanceof Number || value instanceof java.util.Collection || value instanceof Map ? value : value.toString()));
        try {
            logger.log(Json.mapper().writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            logger.log("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}\n");
        }
    }
}
