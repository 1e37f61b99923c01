package dev.catalog.local.aws.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Optional;

/**
 * Runs before a route's handler, where API Gateway would run an authorizer: an answer is sent
 * instead of calling the handler (a 401, say). To let the request through it returns empty, and
 * may first enrich the event, for instance with {@code requestContext.authorizer.jwt} claims.
 */
@FunctionalInterface
public interface RouteInterceptor {
    RouteInterceptor PASS_THROUGH = event -> Optional.empty();

    Optional<APIGatewayV2HTTPResponse> intercept(APIGatewayV2HTTPEvent event);
}
