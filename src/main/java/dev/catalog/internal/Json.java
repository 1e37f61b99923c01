package dev.catalog.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The one JSON configuration of the code base: ISO-8601 instants, unknown fields rejected (a
 * message with fields we do not know is a contract change, not something to ignore silently).
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * Where a text failed to parse, for a problem or a rejected row: the parser's own message may
     * echo the input. A limit the parser enforces (nesting depth, number or string length) has no
     * location, so it is named instead.
     */
    public static String whereInvalid(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            StreamReadConstraints limits = StreamReadConstraints.defaults();
            return "beyond the parser's limits: nested deeper than " + limits.getMaxNestingDepth()
                    + " levels, or a number longer than " + limits.getMaxNumberLength() + " digits";
        }
        JsonLocation location = e.getLocation();
        if (location == null) {
            return "at an unknown position";
        }
        return (location.getLineNr() > 1 ? "line " + location.getLineNr() + ", " : "") + "column " + location.getColumnNr();
    }

    /**
     * A JSON number as a whole long, or empty for fractions and anything beyond a long. A number
     * like {@code 1e400} is read as an infinite double, which has no decimal value: it is simply
     * out of range here rather than an exception.
     */
    public static Optional<Long> wholeNumber(JsonNode number) {
        if (number == null || !number.isNumber()
                || (number.isFloatingPointNumber() && !number.isBigDecimal() && !Double.isFinite(number.doubleValue()))) {
            return Optional.empty();
        }
        return wholeNumber(number.decimalValue());
    }

    /** {@code value} as a long when it is whole and in range; empty otherwise. */
    public static Optional<Long> wholeNumber(BigDecimal value) {
        try {
            return Optional.of(value.stripTrailingZeros().longValueExact());
        } catch (ArithmeticException notWholeOrTooLarge) {
            return Optional.empty();
        }
    }

    /** Thread-safe and shared; do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
