package dev.catalog.intake;

import dev.catalog.http.ApiRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.SnapStartPriming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DELETE /v1/products/{id}}: accepts a product.delete, conditional on a version when the
 * request names one ({@code If-Match: "3"} or {@code ?expectedVersion=3}).
 */
public final class DeleteProductHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "DELETE /v1/products/{id}";
    static final String IF_MATCH = "If-Match";
    static final String EXPECTED_VERSION = "expectedVersion";
    /** A strong entity tag holding the version; weak tags cannot guard a write (RFC 9110). */
    private static final Pattern VERSION_TAG = Pattern.compile("^\"([0-9]{1,19})\"$");

    private final CommandIntake intake;

    public DeleteProductHandler() {
        this(CommandIntake.from(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("deleteProduct", this, SnapStartPriming.anonymousRequest("DELETE", "/v1/products/{id}"));
    }

    public DeleteProductHandler(CommandIntake intake) {
        this.intake = intake;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static DeleteProductHandler from(FunctionEnvironment environment) {
        return new DeleteProductHandler(CommandIntake.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptOne(event, context, ROUTE, (request, requests, errors) -> {
            var productId = request.pathId(errors).orElse(null);
            return requests.delete(productId, expectedVersion(request, errors));
        });
    }

    private static Optional<Long> expectedVersion(ApiRequest request, List<FieldError> errors) {
        Optional<Long> fromHeader = Optional.empty();
        Optional<String> ifMatch = request.header(IF_MATCH).map(String::trim);
        if (ifMatch.isPresent() && !ifMatch.get().equals("*")) {
            Matcher tag = VERSION_TAG.matcher(ifMatch.get());
            fromHeader = tag.matches() ? ProductCommandRequests.positiveLong(new BigDecimal(tag.group(1))) : Optional.empty();
            if (fromHeader.isEmpty()) {
                errors.add(new FieldError(IF_MATCH, "must be the product version as a quoted number, as in \"3\""));
            }
        }
        Optional<Long> fromQuery = Optional.empty();
        Optional<String> query = request.queryParameter(EXPECTED_VERSION);
        if (query.isPresent()) {
            fromQuery = query.get().matches("[0-9]{1,19}")
                    ? ProductCommandRequests.positiveLong(new BigDecimal(query.get())) : Optional.empty();
            if (fromQuery.isEmpty()) {
                errors.add(new FieldError(EXPECTED_VERSION, "must be a whole number from 1"));
            }
        }
        if (fromHeader.isPresent() && fromQuery.isPresent() && !fromHeader.equals(fromQuery)) {
            errors.add(new FieldError(EXPECTED_VERSION, "disagrees with If-Match"));
        }
        return fromHeader.isPresent() ? fromHeader : fromQuery;
    }
}
