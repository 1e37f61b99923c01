package dev.catalog.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.catalog.messaging.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authenticated caller of an HTTP API request, from the claims the JWT authorizer verified.
 *
 * <p>The authorizer hands claims over as strings; an array claim such as {@code roles} arrives as
 * {@code "[editor viewer]"}. The API never sees a request whose token was missing or invalid:
 * API Gateway (or the local runtime) answered 401 already.
 */
public record Caller(String sub, List<Role> roles) {
    /** The claim holding the caller's roles. */
    public static final String ROLES_CLAIM = "roles";

    public Caller {
        roles = List.copyOf(roles);
    }

    /** The caller, or empty when the event carries no verified subject (a misconfigured route). */
    public static Optional<Caller> of(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = claims(event);
        String sub = claims.get("sub");
        if (sub == null || sub.isBlank()) {
            return Optional.empty();
        }
        List<Role> roles = new ArrayList<>();
        for (String value : splitArrayClaim(claims.getOrDefault(ROLES_CLAIM, ""))) {
            Role.fromClaim(value).ifPresent(roles::add);
        }
        return Optional.of(new Caller(sub, roles));
    }

    public boolean may(Role required) {
        return roles.stream().anyMatch(role -> role.includes(required));
    }

    public Actor toActor() {
        return new Actor(sub, roles.stream().map(Role::claimValue).toList());
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null
                || context.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return context.getAuthorizer().getJwt().getClaims();
    }

    /** {@code "[a b]"}, {@code "a b"}, {@code "a,b"} and {@code ["a","b"]} all give a and b. */
    static List<String> splitArrayClaim(String value) {
        String inner = value.trim();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> parts = new ArrayList<>();
        for (String part : inner.split("[\\s,]+")) {
            String cleaned = part.replace("\"", "").trim();
            if (!cleaned.isEmpty()) {
                parts.add(cleaned);
            }
        }
        return parts;
    }
}
