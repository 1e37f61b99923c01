package dev.catalog.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.stream.Collectors;

/** The schemas in schemas/, with their cross-references resolved to the files next to them. */
public final class Schemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://catalog.dev/schemas/", "file:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private Schemas() {
    }

    public static JsonSchema load(String file) {
        return FACTORY.getSchema(com.networknt.schema.SchemaLocation.of("https://catalog.dev/schemas/" + file), CONFIG);
    }

    /** The failures as readable text; empty when {@code document} is valid. */
    public static Set<String> violations(String file, JsonNode document) {
        return load(file).validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }
}
