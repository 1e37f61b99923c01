package dev.catalog.intake;

import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Problem;
import dev.catalog.http.Role;
import dev.catalog.internal.SnapStartPriming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/commands/{id}}: where a command stands, and its result or error once it has one. */
public final class GetCommandHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CommandStore store;

    public GetCommandHandler() {
        this(DynamoDbCommandStore.from(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("getCommand", this, SnapStartPriming.anonymousRequest("GET", "/v1/commands/{id}"));
    }

    public GetCommandHandler(CommandStore store) {
        this.store = store;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static GetCommandHandler from(FunctionEnvironment environment) {
        return new GetCommandHandler(DynamoDbCommandStore.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            ApiRequest.authorize(event, Role.VIEWER);
            List<FieldError> errors = new ArrayList<>();
            UUID commandId = new ApiRequest(event).pathId(errors).orElse(null);
            if (!errors.isEmpty()) {
                throw RequestRejectedException.validation(errors);
            }
            return store.find(commandId)
                    .map(command -> HttpResponses.json(200, body(command)))
                    .orElseGet(() -> HttpResponses.problem(Problem.notFound("command " + commandId)));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (CommandStoreUnavailableException e) {
            return CommandResponses.storeUnavailable();
        }
    }

    private static Map<String, Object> body(CommandRecord command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", command.commandId());
        body.put("type", command.type());
        body.put("status", command.status());
        body.put("productId", command.productId());
        body.put("acceptedAt", command.acceptedAt());
        if (command.completedAt() != null) {
            body.put("completedAt", command.completedAt());
        }
        if (command.result() != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (command.result().productId() != null) {
                result.put("productId", command.result().productId());
            }
            if (command.result().version() != null) {
                result.put("version", command.result().version());
            }
            body.put("result", result);
        }
        if (command.error() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", command.error().code());
            error.put("message", command.error().message());
            body.put("error", error);
        }
        return body;
    }
}
