package dev.catalog.local.aws.apigateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the route for a request the way an HTTP API does: a route whose path is more specific
 * wins (literal segments over variables, variables over a greedy {@code {proxy+}}), then a route
 * for the exact method wins over {@code ANY}, and {@code $default} takes whatever is left.
 *
 * <p>Immutable, so a running server can swap a whole table atomically.
 *
 * @param <T> what a route is bound to (a handler, for the server)
 */
public final class RouteTable<T> {
    private record Entry<T>(Route route, PathTemplate template, T target) {}

    private static final Comparator<Entry<?>> PRECEDENCE = Comparator
            .<Entry<?>, PathTemplate>comparing(Entry::template, PathTemplate::compareSpecificity)
            .thenComparing(entry -> entry.route().acceptsAnyMethod());

    private final List<Entry<T>> entries;
    private final Entry<T> catchAll;

    private RouteTable(List<Entry<T>> entries, Entry<T> catchAll) {
        List<Entry<T>> ordered = new ArrayList<>(entries);
        ordered.sort(PRECEDENCE);
        this.entries = List.copyOf(ordered);
        this.catchAll = catchAll;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public static <T> RouteTable<T> empty() {
        return new Builder<T>().build();
    }

    /** Routes in precedence order, {@code $default} last. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        entries.forEach(entry -> routes.add(entry.route()));
        if (catchAll != null) {
            routes.add(catchAll.route());
        }
        return List.copyOf(routes);
    }

    /**
     * @param method  the request method as received
     * @param rawPath the request path as received (still percent-encoded)
     */
    public Optional<RouteMatch<T>> match(String method, String rawPath) {
        String requestMethod = method.toUpperCase(Locale.ROOT);
        // Entries are sorted by precedence, so the first one that fits is the most specific.
        for (Entry<T> entry : entries) {
            if (!entry.route().acceptsAnyMethod() && !entry.route().method().equals(requestMethod)) {
                continue;
            }
            Optional<Map<String, String>> parameters = entry.template().match(rawPath);
            if (parameters.isPresent()) {
                return Optional.of(new RouteMatch<>(entry.route(), entry.target(), parameters.get()));
            }
        }
        return Optional.ofNullable(catchAll).map(entry -> new RouteMatch<>(entry.route(), entry.target(), Map.of()));
    }

    public static final class Builder<T> {
        private final List<Entry<T>> entries = new ArrayList<>();
        private final Map<String, Route> routesByShape = new HashMap<>();
        private Entry<T> catchAll;

        private Builder() {}

        public Builder<T> add(Route route, T target) {
            if (route.isCatchAll()) {
                if (catchAll != null) {
                    throw new InvalidRouteException("duplicate route key $default");
                }
                catchAll = new Entry<>(route, null, target);
                return this;
            }
            PathTemplate template = PathTemplate.parse(route.path());
            // "/a/{id}" and "/a/{key}" would compete for the same requests: a conflict, as in API Gateway.
            String shapeKey = route.method() + " " + template.shape();
            Route existing = routesByShape.putIfAbsent(shapeKey, route);
            if (existing != null) {
                throw new InvalidRouteException(existing.equals(route)
                        ? "duplicate route key " + route.routeKey()
                        : "route " + route.routeKey() + " conflicts with " + existing.routeKey());
            }
            entries.add(new Entry<>(route, template, target));
            return this;
        }

        public Builder<T> add(String method, String path, T target) {
            return add(Route.of(method, path), target);
        }

        public Builder<T> add(String declaration, T target) {
            return add(Route.parse(declaration), target);
        }

        public RouteTable<T> build() {
            return new RouteTable<>(entries, catchAll);
        }
    }
}
