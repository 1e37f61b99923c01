package dev.catalog.local.aws.apigateway;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP API route as declared by a Serverless {@code httpApi} event: a method (or {@code *} for
 * any) and a path template, or the catch-all {@code $default} route.
 */
public record Route(String method, String path) {
    public static final String ANY_METHOD = "ANY";
    public static final String DEFAULT_ROUTE_KEY = "$default";

    private static final Set<String> METHODS =
            Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", ANY_METHOD);

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.equals("*") ? ANY_METHOD : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidRouteException("unsupported route method '" + method + "' (use one of " + METHODS
                    + " or '*')");
        }
        if (path.equals("*") || path.equals(DEFAULT_ROUTE_KEY)) {
            if (!method.equals(ANY_METHOD)) {
                throw new InvalidRouteException("the $default route accepts every method; got " + method);
            }
            path = DEFAULT_ROUTE_KEY;
        } else {
            PathTemplate.parse(path);
        }
    }

    public static Route of(String method, String path) {
        return new Route(method, path);
    }

    public static Route catchAll() {
        return new Route(ANY_METHOD, DEFAULT_ROUTE_KEY);
    }

    /** Parses the string form of an {@code httpApi} event: {@code "GET /v1/products"}, {@code "*"}. */
    public static Route parse(String declaration) {
        Objects.requireNonNull(declaration, "declaration");
        String trimmed = declaration.trim();
        if (trimmed.equals("*") || trimmed.equals(DEFAULT_ROUTE_KEY)) {
            return catchAll();
        }
        String[] parts = trimmed.split("\\s+");
        if (parts.length != 2) {
            throw new InvalidRouteException("route must look like 'METHOD /path' or '*': '" + declaration + "'");
        }
        return new Route(parts[0], parts[1]);
    }

    public boolean isCatchAll() {
        return path.equals(DEFAULT_ROUTE_KEY);
    }

    public boolean acceptsAnyMethod() {
        return method.equals(ANY_METHOD);
    }

    /** The key API Gateway puts in {@code routeKey}: {@code "GET /v1/products/{id}"} or {@code "$default"}. */
    public String routeKey() {
        return isCatchAll() ? DEFAULT_ROUTE_KEY : method + " " + path;
    }

    @Override
    public String toString() {
        return routeKey();
    }
}
