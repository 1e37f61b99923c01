package dev.catalog.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem ({@code application/problem+json}, {@code schemas/problem.v1.json}) with a
 * stable {@code code} clients can branch on and, for validation, every failing field.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String code, String detail, List<FieldError> errors) {

    /** One failing input: a JSON Pointer into the body, or the name of a path parameter or header. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("https://catalog.dev/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                title, status, code, detail, List.of());
    }

    public static Problem validation(List<FieldError> errors) {
        return new Problem("https://catalog.dev/problems/validation", "The request is not valid", 400, "VALIDATION",
                errors.size() + " field(s) failed validation", errors);
    }

    /**
     * 401, with the same code on every route: API Gateway's JWT authorizer normally answers first,
     * so this is what a route without one says. UNAUTHENTICATED because 401 means "who are you?";
     * "you may not" is 403 {@link #forbidden}.
     */
    public static Problem unauthenticated() {
        return of(401, "UNAUTHENTICATED", "Not authenticated", "the request carries no verified caller");
    }

    public static Problem forbidden(Role required) {
        return of(403, "FORBIDDEN", "Not allowed", "this operation needs the " + required.claimValue() + " role");
    }

    /** 503 for a store that did not answer just now: a retry of the same request is safe. */
    public static Problem unavailable(String what) {
        return of(503, "UNAVAILABLE", "Temporarily unavailable", what + " cannot be read right now; retry shortly");
    }

    public static Problem notFound(String what) {
        return of(404, "NOT_FOUND", "Not found", what + " does not exist");
    }
}
