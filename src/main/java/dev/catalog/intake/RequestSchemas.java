package dev.catalog.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.catalog.http.Problem.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The request and payload schemas of {@code schemas/}, read from the classpath (their
 * {@code https://catalog.dev/schemas/} ids resolve there, so their {@code $ref}s do too) and
 * compiled once per container.
 */
final class RequestSchemas {
    static final String CREATE_PRODUCT_REQUEST = "create-product-request.v1.json";
    static final String UPDATE_PRODUCT_REQUEST = "update-product-request.v1.json";
    static final String BULK_COMMANDS_REQUEST = "bulk-commands-request.v1.json";
    static final String PRODUCT_UPDATE = "product.update.v1.json";
    static final String PRODUCT_DELETE = "product.delete.v1.json";

    private static final String SCHEMA_BASE = "https://catalog.dev/schemas/";
    /** Keywords whose message concerns a named member of the object at the instance location. */
    private static final Set<String> MEMBER_KEYWORDS = Set.of("required", "additionalProperties", "dependentRequired");

    private final Map<String, JsonSchema> schemas;

    private RequestSchemas(Map<String, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    static RequestSchemas load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return new RequestSchemas(Set.of(CREATE_PRODUCT_REQUEST, UPDATE_PRODUCT_REQUEST, BULK_COMMANDS_REQUEST,
                        PRODUCT_UPDATE, PRODUCT_DELETE).stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), file -> {
                    JsonSchema schema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + file), config);
                    schema.initializeValidators(); // resolve every $ref now, at cold start
                    return schema;
                })));
    }

    /**
     * Every failure of {@code instance} against the schema, as JSON Pointers under {@code pointerPrefix}
     * (a missing or unknown member is named itself, not its parent object), one per field.
     */
    List<FieldError> validate(String schemaFile, JsonNode instance, String pointerPrefix) {
        JsonSchema schema = schemas.get(schemaFile);
        if (schema == null) {
            throw new IllegalArgumentException("no request schema " + schemaFile);
        }
        List<FieldError> errors = new ArrayList<>();
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(instance));
        messages.sort(Comparator.comparing(message -> message.getInstanceLocation().toString()));
        for (ValidationMessage message : messages) {
            String location = pointerPrefix + message.getInstanceLocation().toString();
            String field = MEMBER_KEYWORDS.contains(message.getType()) && message.getProperty() != null
                    ? location + "/" + escapePointerToken(message.getProperty()) : location;
            String text = "additionalProperties".equals(message.getType()) ? "is not a known field" : message.getError();
            if (errors.stream().noneMatch(error -> error.field().equals(field) && error.message().equals(text))) {
                errors.add(new FieldError(field, text));
            }
        }
        return errors;
    }

    static String escapePointerToken(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
