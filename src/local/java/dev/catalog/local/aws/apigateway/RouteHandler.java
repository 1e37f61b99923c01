package dev.catalog.local.aws.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** What a route invokes; the runtime adapts a Lambda handler (and supplies its Context) to this. */
@FunctionalInterface
public interface RouteHandler {
    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event);
}
