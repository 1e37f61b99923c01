package dev.catalog.projection;

import dev.catalog.http.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /v1/products?prefix=&limit=&cursor=}, validated: every failing
 * parameter is named, unknown ones included (a misspelt {@code limt} would otherwise be ignored
 * without the client ever knowing).
 *
 * @param lowerCasePrefix the prefix folded as names are in the listing; empty lists everything
 */
record ListProductsRequest(String lowerCasePrefix, int limit, Optional<PageCursor> cursor) {
    static final String PREFIX = "prefix";
    static final String LIMIT = "limit";
    static final String CURSOR = "cursor";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_PREFIX_LENGTH = 200;
    private static final Set<String> KNOWN = Set.of(PREFIX, LIMIT, CURSOR);
    /** The same characters names may not hold (schemas/product-fields.v1.json). */
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\u0000-\\u001f\\u007f-\\u009f]");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]{1,3}$");

    /** Thrown with every failing parameter. */
    public static final class InvalidQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<FieldError> errors;

        InvalidQueryException(List<FieldError> errors) {
            super(errors.size() + " query parameter(s) failed validation");
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** Reads the query string parameters (null when the request has none). */
    public static ListProductsRequest parse(Map<String, String> parameters) {
        Map<String, String> query = parameters == null ? Map.of() : parameters;
        List<FieldError> errors = new ArrayList<>();
        query.keySet().stream().filter(name -> !KNOWN.contains(name)).sorted()
                .forEach(name -> errors.add(new FieldError(name, "is not a parameter of this route")));

        String prefix = query.getOrDefault(PREFIX, "");
        boolean prefixValid = true;
        if (prefix.codePointCount(0, prefix.length()) > MAX_PREFIX_LENGTH) {
            errors.add(new FieldError(PREFIX, "must be at most " + MAX_PREFIX_LENGTH + " characters"));
            prefixValid = false;
        } else if (CONTROL_CHARACTERS.matcher(prefix).find()) {
            errors.add(new FieldError(PREFIX, "must not contain control characters"));
            prefixValid = false;
        }
        String lowerCasePrefix = ProductView.nameKeyPrefix(prefix);

        int limit = DEFAULT_LIMIT;
        String limitText = query.get(LIMIT);
        if (limitText != null) {
            limit = DIGITS.matcher(limitText).matches() ? Integer.parseInt(limitText) : -1;
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError(LIMIT, "must be an integer from 1 to " + MAX_LIMIT));
            }
        }

        Optional<PageCursor> cursor = Optional.empty();
        String cursorText = query.get(CURSOR);
        if (cursorText != null && prefixValid) {
            try {
                cursor = Optional.of(PageCursor.decode(cursorText, lowerCasePrefix));
            } catch (InvalidCursorException e) {
                errors.add(new FieldError(CURSOR, "is not a cursor this listing issued (" + e.getMessage() + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new ListProductsRequest(lowerCasePrefix, limit, cursor);
    }
}
