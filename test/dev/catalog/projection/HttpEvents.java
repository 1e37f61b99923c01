package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import java.util.HashMap;
import java.util.Map;

/** The HTTP API samples of events/, varied the way a test needs. */
final class HttpEvents {
    private HttpEvents() {
    }

    static APIGatewayV2HTTPEvent getProduct() {
        return EventLoader.loadApiGatewayHttpEvent("events/http-get-product.json");
    }

    static APIGatewayV2HTTPEvent getProduct(String id) {
        APIGatewayV2HTTPEvent event = getProduct();
        event.setPathParameters(Map.of("id", id));
        return event;
    }

    static APIGatewayV2HTTPEvent listProducts(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/http-list-products.json");
        event.setQueryStringParameters(query == null ? null : new HashMap<>(query));
        return event;
    }

    static APIGatewayV2HTTPEvent withRoles(APIGatewayV2HTTPEvent event, String roles) {
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("roles", roles);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    static APIGatewayV2HTTPEvent withoutCaller(APIGatewayV2HTTPEvent event) {
        event.getRequestContext().setAuthorizer(null);
        return event;
    }

    static JsonNode body(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse response) throws Exception {
        return Json.mapper().readTree(response.getBody());
    }
}
