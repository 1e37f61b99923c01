package dev.catalog.local.runtime.config;

import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading values out of resolved serverless.yml sections, which are plain YAML maps, lists and scalars. */
public final class YamlValues {
    private YamlValues() {
    }

    /** The mapping, or an empty one when the value is absent or not a mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    public static long number(Object value, long fallback) {
        return value == null ? fallback : Long.parseLong(String.valueOf(value));
    }

    /** The value at the nested keys, or null where a level is missing. */
    public static Object path(Map<?, ?> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** A resource's {@code Properties}; fails naming the resource when they are not a mapping. */
    public static Map<String, Object> properties(Located declaration) {
        Object properties = declaration.value().get("Properties");
        if (properties != null && !(properties instanceof Map<?, ?>)) {
            throw declaration.unsupported("Properties", "expected a mapping");
        }
        return map(properties);
    }
}
