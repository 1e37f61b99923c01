package dev.catalog.local.provision;

import dev.catalog.local.config.ServerlessConfig.Located;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading nested YAML mappings of a resource declaration. */
final class ServerlessConfigMaps {
    private ServerlessConfigMaps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Located declaration) {
        Object properties = declaration.value().get("Properties");
        if (properties == null) {
            return new LinkedHashMap<>();
        }
        if (!(properties instanceof Map<?, ?>)) {
            throw declaration.unsupported("Properties", "expected a mapping");
        }
        return (Map<String, Object>) properties;
    }

    static Object path(Map<?, ?> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
