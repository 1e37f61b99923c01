package dev.catalog.intake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import java.util.HashMap;
import java.util.Map;

/** The sample events of events/, loaded fresh for each use, and small edits of them. */
final class ApiEvents {
    static final String CREATE = "events/apigw-create-product.json";
    static final String UPDATE = "events/apigw-update-product.json";
    static final String DELETE = "events/apigw-delete-product.json";
    static final String SUBMIT = "events/apigw-submit-commands.json";
    static final String GET = "events/apigw-get-command.json";

    private ApiEvents() {
    }

    static APIGatewayV2HTTPEvent load(String file) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
        event.setHeaders(new HashMap<>(event.getHeaders()));
        if (event.getPathParameters() != null) {
            event.setPathParameters(new HashMap<>(event.getPathParameters()));
        }
        return event;
    }

    static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        // API Gateway sends header names in lower case; a test may write them as a client would.
        event.getHeaders().keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        if (value != null) {
            event.getHeaders().put(name, value);
        }
        return event;
    }

    static APIGatewayV2HTTPEvent withRoles(APIGatewayV2HTTPEvent event, String roles) {
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        if (roles == null) {
            claims.remove("roles");
        } else {
            claims.put("roles", roles);
        }
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    static APIGatewayV2HTTPEvent withSub(APIGatewayV2HTTPEvent event, String sub) {
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", sub);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("response body is not JSON: " + response.getBody(), e);
        }
    }
}
