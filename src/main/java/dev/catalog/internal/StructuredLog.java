package dev.catalog.internal;

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

    public static void write(LambdaLogger logger, String level, String message, Map<String, ?> fields) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("level", level);
        line.put("message", message);
        fields.forEach((name, value) -> line.putPOJO(name, value == null ? null : value instanceof Number ? value : value.toString()));
        try {
            logger.log(Json.mapper().writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            logger.log("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}\n");
        }
    }
}
