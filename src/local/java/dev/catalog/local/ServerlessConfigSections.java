package dev.catalog.local;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reading plain values from resolved serverless.yml sections. */
final class ServerlessConfigSections {
    private ServerlessConfigSections() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    static long number(Object value, long fallback) {
        return value == null ? fallback : Long.parseLong(String.valueOf(value));
    }
}
