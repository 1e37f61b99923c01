package dev.catalog.local.aws.apigateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A parsed route path such as {@code /v1/products/{id}} or {@code /v1/{proxy+}}. */
final class PathTemplate {
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Ordered from most to least specific: the ordinal is the precedence rank of a segment. */
    enum Kind { LITERAL, PARAMETER, GREEDY }

    record Segment(Kind kind, String text) {}

    private final List<Segment> segments;

    private PathTemplate(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    static PathTemplate parse(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new InvalidRouteException("route path must start with '/': " + path);
        }
        if (path.contains("?") || path.contains("#")) {
            throw new InvalidRouteException("route path must not contain a query or fragment: " + path);
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> parameterNames = new HashSet<>();
        for (String raw : splitSegments(path)) {
            if (raw.isEmpty()) {
                throw new InvalidRouteException("route path has an empty segment: " + path);
            }
            if (!segments.isEmpty() && segments.get(segments.size() - 1).kind() == Kind.GREEDY) {
                throw new InvalidRouteException("greedy path variable must be the last segment: " + path);
            }
            Segment segment = parseSegment(raw, path);
            if (segment.kind() != Kind.LITERAL && !parameterNames.add(segment.text())) {
                throw new InvalidRouteException("duplicate path variable '" + segment.text() + "' in " + path);
            }
            segments.add(segment);
        }
        return new PathTemplate(segments);
    }

    private static Segment parseSegment(String raw, String path) {
        boolean hasBrace = raw.indexOf('{') >= 0 || raw.indexOf('}') >= 0;
        if (!hasBrace) {
            return new Segment(Kind.LITERAL, raw);
        }
        // HTTP APIs only accept variables that span a whole segment: "{id}" or "{proxy+}".
        if (!raw.startsWith("{") || !raw.endsWith("}") || raw.length() < 3) {
            throw new InvalidRouteException("path variable must span a whole segment as {name} or {name+}: '"
                    + raw + "' in " + path);
        }
        String inner = raw.substring(1, raw.length() - 1);
        boolean greedy = inner.endsWith("+");
        String name = greedy ? inner.substring(0, inner.length() - 1) : inner;
        if (!PARAMETER_NAME.matcher(name).matches()) {
            throw new InvalidRouteException("invalid path variable name '" + name + "' in " + path);
        }
        return new Segment(greedy ? Kind.GREEDY : Kind.PARAMETER, name);
    }

    /** Segments after the leading slash; the root path "/" has none. */
    private static List<String> splitSegments(String path) {
        if (path.equals("/")) {
            return List.of();
        }
        return List.of(path.substring(1).split("/", -1));
    }

    List<Segment> segments() {
        return segments;
    }

    /** Path parameters (decoded) when the raw request path fits this template. */
    Optional<Map<String, String>> match(String rawPath) {
        List<String> requested = splitSegments(rawPath);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.kind() == Kind.GREEDY) {
                if (i >= requested.size()) {
                    return Optional.empty();
                }
                String rest = String.join("/", requested.subList(i, requested.size()));
                if (rest.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.text(), decodePathSegment(rest));
                return Optional.of(parameters);
            }
            if (i >= requested.size() || requested.get(i).isEmpty()) {
                return Optional.empty();
            }
            String value = decodePathSegment(requested.get(i));
            if (segment.kind() == Kind.LITERAL) {
                if (!segment.text().equals(value)) {
                    return Optional.empty();
                }
            } else {
                parameters.put(segment.text(), value);
            }
        }
        return requested.size() == segments.size() ? Optional.of(parameters) : Optional.empty();
    }

    /**
     * Lower is more specific: compared segment by segment, a literal beats a variable, which
     * beats a greedy variable.
     */
    static int compareSpecificity(PathTemplate left, PathTemplate right) {
        int shared = Math.min(left.segments.size(), right.segments.size());
        for (int i = 0; i < shared; i++) {
            int byKind = left.segments.get(i).kind().compareTo(right.segments.get(i).kind());
            if (byKind != 0) {
                return byKind;
            }
        }
        return Integer.compare(right.segments.size(), left.segments.size());
    }

    /** The path with variable names erased, so "/a/{id}" and "/a/{key}" are seen as the same route. */
    String shape() {
        StringBuilder shape = new StringBuilder();
        for (Segment segment : segments) {
            shape.append('/').append(switch (segment.kind()) {
                case LITERAL -> segment.text();
                case PARAMETER -> "{}";
                case GREEDY -> "{+}";
            });
        }
        return shape.length() == 0 ? "/" : shape.toString();
    }

    static String decodePathSegment(String raw) {
        // URLDecoder implements form decoding; a '+' in a path is a literal plus, not a space.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
