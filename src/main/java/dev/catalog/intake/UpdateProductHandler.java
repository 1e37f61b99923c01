package dev.catalog.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;

/** {@code PATCH /v1/products/{id}}: accepts a product.update (name and/or description, optional expectedVersion). */
public final class UpdateProductHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "PATCH /v1/products/{id}";

    private final CommandIntake intake;

    public UpdateProductHandler() {
        this(CommandIntake.from(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("updateProduct", this, SnapStartPriming.anonymousRequest("PATCH", "/v1/products/{id}"));
    }

    public UpdateProductHandler(CommandIntake intake) {
        this.intake = intake;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static UpdateProductHandler from(FunctionEnvironment environment) {
        return new UpdateProductHandler(CommandIntake.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptOne(event, context, ROUTE, (request, requests, errors) -> {
            var productId = request.pathId(errors).orElse(null);
            return requests.update(productId, request.jsonObjectBody(), errors);
        });
    }
}
