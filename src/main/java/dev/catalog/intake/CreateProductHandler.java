package dev.catalog.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;

/** {@code POST /v1/products}: accepts a product.create; the API chooses the new product's id. */
public final class CreateProductHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "POST /v1/products";

    private final CommandIntake intake;

    public CreateProductHandler() {
        this(CommandIntake.from(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("createProduct", this, SnapStartPriming.anonymousRequest("POST", "/v1/products"));
    }

    public CreateProductHandler(CommandIntake intake) {
        this.intake = intake;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static CreateProductHandler from(FunctionEnvironment environment) {
        return new CreateProductHandler(CommandIntake.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptOne(event, context, ROUTE,
                (request, requests, errors) -> requests.create(request.jsonObjectBody(), errors));
    }
}
