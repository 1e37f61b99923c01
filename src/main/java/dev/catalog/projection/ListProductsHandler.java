package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Role;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.projection.ListProductsRequest.InvalidQueryException;

/** {@code GET /v1/products?prefix=&limit=&cursor=}: live products by name prefix, in name order, paged. */
public final class ListProductsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ProductViews views;

    public ListProductsHandler() {
        this(ProductViews.forFunction(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("listProducts", this, SnapStartPriming.anonymousRequest("GET", "/v1/products"));
    }

    public ListProductsHandler(ProductViews views) {
        this.views = views;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static ListProductsHandler from(FunctionEnvironment environment) {
        return new ListProductsHandler(ProductViews.forFunction(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            ApiRequest.authorize(event, Role.VIEWER);
            ListProductsRequest request = ListProductsRequest.parse(event.getQueryStringParameters());
            ProductPage page = views.listByNamePrefix(request.lowerCasePrefix(), request.limit(), request.cursor());
            return HttpResponses.json(200, ProductListing.of(page));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (InvalidQueryException e) {
            return HttpResponses.problem(Problem.validation(e.errors()));
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.unavailable("product views"));
        }
    }
}
