package dev.catalog.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;

/**
 * {@code POST /v1/commands}: accepts one to ten product commands together. All are validated
 * before any is written, and all are published with one batch call.
 */
public final class SubmitCommandsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "POST /v1/commands";

    private final CommandIntake intake;

    public SubmitCommandsHandler() {
        this(CommandIntake.from(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("submitCommands", this, SnapStartPriming.anonymousRequest("POST", "/v1/commands"));
    }

    public SubmitCommandsHandler(CommandIntake intake) {
        this.intake = intake;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static SubmitCommandsHandler from(FunctionEnvironment environment) {
        return new SubmitCommandsHandler(CommandIntake.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptBulk(event, context, ROUTE);
    }
}
