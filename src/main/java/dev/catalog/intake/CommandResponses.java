package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import dev.catalog.http.RequestRejectedException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Problem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answers of the write routes. */
public final class CommandResponses {
    /** Publishing or storing failed for a moment: a retry of the same request is safe and usually works. */
    static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "1");

    private CommandResponses() {
    }

    static APIGatewayV2HTTPResponse accepted(AcceptedCommand command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", command.commandId());
        body.put("productId", command.productId());
        body.put("status", CommandStatus.ACCEPTED);
        return HttpResponses.json(202, body, Map.of("Location", command.location()));
    }

    static APIGatewayV2HTTPResponse acceptedAll(List<AcceptedCommand> commands) {
        List<Map<String, Object>> items = commands.stream().map(command -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("commandId", command.commandId());
            item.put("type", command.type());
            item.put("productId", command.productId());
            item.put("status", CommandStatus.ACCEPTED);
            item.put("location", command.location());
            return item;
        }).toList();
        return HttpResponses.json(202, Map.of("commands", items));
    }

    static APIGatewayV2HTTPResponse idempotencyKeyReused(List<FieldError> fields) {
        return HttpResponses.problem(new Problem("https://catalog.dev/problems/idempotency-key-reused",
                "Idempotency key reused", 422, "IDEMPOTENCY_KEY_REUSED",
                "this key was already used for a different request; use a new key for a new request", fields));
    }

    /** Backpressure: SNS throttled the publish, so the client is asked to wait a little longer before it retries. */
    static final Map<String, String> RETRY_LATER = Map.of("Retry-After", "2");

    static APIGatewayV2HTTPResponse publishFailed(CommandPublishFailedException failure) {
        if (failure.throttled()) {
            return RequestRejectedException.withHeaders(HttpResponses.problem(Problem.of(503, "THROTTLED",
                    "Too many commands right now", "the command was recorded but not sent: the pipeline is at its publish rate;"
                            + " retry the same request (same Idempotency-Key or commandId) after Retry-After seconds")), RETRY_LATER);
        }
        return RequestRejectedException.withHeaders(HttpResponses.problem(Problem.of(503, "PUBLISH_FAILED",
                "Command not sent yet", "the command was recorded but could not be sent; retry the same request")), RETRY_SOON);
    }

    public static APIGatewayV2HTTPResponse storeUnavailable() {
        return RequestRejectedException.withHeaders(HttpResponses.problem(Problem.of(503, "STORE_UNAVAILABLE",
                "Service unavailable", "commands cannot be recorded right now; retry the same request")), RETRY_SOON);
    }
}
