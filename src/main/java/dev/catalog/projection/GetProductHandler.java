package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Problem;
import dev.catalog.internal.SnapStartPriming;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/products/{id}}: the product view, with its version as a strong {@code ETag}.
 * Deleted products answer 404 like unknown ones.
 */
public final class GetProductHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ID_PARAMETER = "id";
    /** Canonical lower- or upper-case UUIDs only; {@link UUID#fromString} also accepts forms such as {@code 1-1-1-1-1}. */
    private static final Pattern UUID_TEXT = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ProductViews views;

    public GetProductHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("getProduct", this, SnapStartPriming.anonymousRequest("GET", "/v1/products/{id}"));
    }

    public GetProductHandler(FunctionEnvironment environment) {
        this(new DynamoDbProductViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()));
    }

    public GetProductHandler(ProductViews views) {
        this.views = views;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Optional<APIGatewayV2HTTPResponse> refusal = ReadAccess.refusal(event);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        String id = pathParameters.get(ID_PARAMETER);
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            return HttpResponses.problem(Problem.validation(List.of(new FieldError(ID_PARAMETER, "must be a UUID"))));
        }
        UUID productId = UUID.fromString(id);
        Optional<ProductView> view;
        try {
            view = views.get(productId).filter(found -> !found.deleted());
        } catch (ProductViewsUnavailableException e) {
            return ReadAccess.storeUnavailable();
        }
        if (view.isEmpty()) {
            return HttpResponses.problem(Problem.notFound("product " + productId));
        }
        return HttpResponses.json(200, ProductRepresentation.of(view.get()),
                Map.of("ETag", "\"" + view.get().version() + "\""));
    }
}
