package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Problem;
import dev.catalog.http.Role;
import dev.catalog.internal.SnapStartPriming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/products/{id}}: the product view, with its version as a strong {@code ETag}.
 * Deleted products answer 404 like unknown ones.
 */
public final class GetProductHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ProductViews views;

    public GetProductHandler() {
        this(ProductViews.forFunction(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("getProduct", this, SnapStartPriming.anonymousRequest("GET", "/v1/products/{id}"));
    }

    public GetProductHandler(ProductViews views) {
        this.views = views;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static GetProductHandler from(FunctionEnvironment environment) {
        return new GetProductHandler(ProductViews.forFunction(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            ApiRequest.authorize(event, Role.VIEWER);
            List<FieldError> errors = new ArrayList<>();
            Optional<UUID> productId = new ApiRequest(event).pathId(errors);
            if (!errors.isEmpty()) {
                throw RequestRejectedException.validation(errors);
            }
            Optional<ProductView> view = views.get(productId.orElseThrow()).filter(found -> !found.deleted());
            if (view.isEmpty()) {
                return HttpResponses.problem(Problem.notFound("product " + productId.get()));
            }
            return HttpResponses.json(200, ProductRepresentation.of(view.get()), Map.of("ETag", "\"" + view.get().version() + "\""));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.unavailable("product views"));
        }
    }
}
