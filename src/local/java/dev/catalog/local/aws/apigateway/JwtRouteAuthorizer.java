package dev.catalog.local.aws.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.local.aws.apigateway.RouteInterceptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT authorizer of an {@code httpApi} route: no valid bearer token, 401 with API Gateway's
 * body, and the function never runs; otherwise the claims go into
 * {@code requestContext.authorizer.jwt} as API Gateway puts them.
 */
public final class JwtRouteAuthorizer implements RouteInterceptor {
    private static final APIGatewayV2HTTPResponse UNAUTHORIZED = APIGatewayV2HTTPResponse.builder()
            .withStatusCode(401)
            .withHeaders(Map.of("content-type", "application/json", "www-authenticate", "Bearer"))
            .withBody("{\"message\":\"Unauthorized\"}")
            .build();

    private final LocalJwtAuthority authority;

    public JwtRouteAuthorizer(LocalJwtAuthority authority) {
        this.authority = authority;
    }

    @Override
    public Optional<APIGatewayV2HTTPResponse> intercept(APIGatewayV2HTTPEvent event) {
        String header = event.getHeaders() == null ? null : event.getHeaders().get("authorization");
        if (header == null || header.isBlank()) {
            return Optional.of(UNAUTHORIZED);
        }
        String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        Optional<Map<String, String>> claims = authority.verify(token);
        if (claims.isEmpty()) {
            return Optional.of(UNAUTHORIZED);
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims.get());
        jwt.setScopes(scopes(claims.get().get("scope")));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        event.getRequestContext().setAuthorizer(authorizer);
        return Optional.empty();
    }

    private static List<String> scopes(String scope) {
        return scope == null || scope.isBlank() ? null : List.of(scope.trim().split("\\s+"));
    }
}
