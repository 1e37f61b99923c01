package dev.catalog.local.aws.apigateway;

import java.util.Map;

/** The route chosen for a request, what it is bound to, and its decoded path parameters. */
public record RouteMatch<T>(Route route, T target, Map<String, String> pathParameters) {
    public RouteMatch {
        pathParameters = Map.copyOf(pathParameters);
    }
}
