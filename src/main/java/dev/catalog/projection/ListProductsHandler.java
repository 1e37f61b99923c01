package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.projection.ListProductsRequest.InvalidQueryException;
import java.util.Optional;

/** {@code GET /v1/products?prefix=&limit=&cursor=}: live products by name prefix, in name order, paged. */
public final class ListProductsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ProductViews views;

    public ListProductsHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("listProducts", this, SnapStartPriming.anonymousRequest("GET", "/v1/products"));
    }

    public ListProductsHandler(FunctionEnvironment environment) {
        this(new DynamoDbProductViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()));
    }

    public ListProductsHandler(ProductViews views) {
        this.views = views;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Optional<APIGatewayV2HTTPResponse> refusal = ReadAccess.refusal(event);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ListProductsRequest request;
        try {
            request = ListProductsRequest.parse(event.getQueryStringParameters());
        } catch (InvalidQueryException e) {
            return HttpResponses.problem(Problem.validation(e.errors()));
        }
        ProductPage page;
        try {
            page = views.listByNamePrefix(request.lowerCasePrefix(), request.limit(), request.cursor());
        } catch (ProductViewsUnavailableException e) {
            return ReadAccess.storeUnavailable();
        }
        return HttpResponses.json(200, ProductListing.of(page));
    }
}
