package dev.catalog.local.aws.apigateway;

import java.util.Objects;

/** What a route runs: an optional interceptor (the authorizer's place) and then the handler. */
public record RouteBinding(RouteInterceptor interceptor, RouteHandler handler) {
    public RouteBinding {
        Objects.requireNonNull(interceptor, "interceptor");
        Objects.requireNonNull(handler, "handler");
    }

    public static RouteBinding of(RouteHandler handler) {
        return new RouteBinding(RouteInterceptor.PASS_THROUGH, handler);
    }

    public static RouteBinding of(RouteInterceptor interceptor, RouteHandler handler) {
        return new RouteBinding(interceptor, handler);
    }
}
