package dev.catalog.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import dev.catalog.internal.Uuids;
import dev.catalog.product.ProductRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns request bodies into {@link ValidatedCommand}s: the JSON Schemas first, then the rules a
 * schema cannot say ({@link ProductRules}; versions must fit a long). Every failing
 * field is added to the caller's error list; nothing here does I/O.
 */
public final class ProductCommandRequests {
    static final String PRODUCT_CREATE = "product.create";
    static final String PRODUCT_UPDATE = "product.update";
    static final String PRODUCT_DELETE = "product.delete";

    private final RequestSchemas schemas;

    ProductCommandRequests(RequestSchemas schemas) {
        this.schemas = schemas;
    }

    /** The API's own rules, for readers of commands that do not arrive over HTTP (bulk imports). */
    public static ProductCommandRequests withRequestSchemas() {
        return new ProductCommandRequests(RequestSchemas.load());
    }

    /** {@code POST /v1/products}. */
    public ValidatedCommand create(ObjectNode body, List<FieldError> errors) {
        return new ValidatedCommand(PRODUCT_CREATE, null, null, createFields(body, "", errors));
    }

    /** {@code PATCH /v1/products/{id}}; {@code productId} is null when the path id was invalid. */
    public ValidatedCommand update(UUID productId, ObjectNode body, List<FieldError> errors) {
        List<FieldError> schemaErrors = schemas.validate(RequestSchemas.UPDATE_PRODUCT_REQUEST, body, "");
        errors.addAll(schemaErrors);
        return new ValidatedCommand(PRODUCT_UPDATE, productId, null, productFields(body, "", schemaErrors, errors));
    }

    /** {@code DELETE /v1/products/{id}}. */
    ValidatedCommand delete(UUID productId, Optional<Long> expectedVersion) {
        ObjectNode fields = Json.mapper().createObjectNode();
        expectedVersion.ifPresent(version -> fields.put("expectedVersion", version));
        return new ValidatedCommand(PRODUCT_DELETE, productId, null, fields);
    }

    /** {@code POST /v1/commands}: every item checked, every failure named by its position. */
    List<ValidatedCommand> bulk(ObjectNode body, List<FieldError> errors) {
        List<FieldError> schemaErrors = schemas.validate(RequestSchemas.BULK_COMMANDS_REQUEST, body, "");
        errors.addAll(schemaErrors);
        List<ValidatedCommand> commands = new ArrayList<>();
        JsonNode items = body.path("commands");
        if (!items.isArray()) {
            return commands;
        }
        Set<UUID> commandIds = new HashSet<>();
        for (int position = 0; position < items.size(); position++) {
            JsonNode item = items.get(position);
            String pointer = "/commands/" + position;
            if (!item.isObject() || !item.path("payload").isObject() || !item.path("type").isTextual()) {
                continue; // the schema named it already
            }
            UUID clientCommandId = null;
            if (item.has("commandId")) {
                clientCommandId = Uuids.parse(item.path("commandId").asText(null)).orElse(null);
                if (clientCommandId == null) {
                    addUnlessNamed(errors, schemaErrors, new FieldError(pointer + "/commandId", "must be a UUID"));
                } else if (!commandIds.add(clientCommandId)) {
                    errors.add(new FieldError(pointer + "/commandId", "repeats the commandId of an earlier command"));
                }
            }
            ObjectNode payload = (ObjectNode) item.get("payload");
            String payloadPointer = pointer + "/payload";
            switch (item.get("type").asText()) {
                case PRODUCT_CREATE -> commands.add(new ValidatedCommand(PRODUCT_CREATE, null, clientCommandId,
                        createFields(payload, payloadPointer, errors)));
                case PRODUCT_UPDATE -> {
                    List<FieldError> payloadErrors = schemas.validate(RequestSchemas.PRODUCT_UPDATE, payload, payloadPointer);
                    errors.addAll(payloadErrors);
                    ObjectNode fields = productFields(payload, payloadPointer, payloadErrors, errors);
                    if (!payload.has("name") && !payload.has("description")) {
                        errors.add(new FieldError(payloadPointer, "needs name or description"));
                    }
                    commands.add(new ValidatedCommand(PRODUCT_UPDATE, productId(payload, payloadPointer, payloadErrors, errors),
                            clientCommandId, fields));
                }
                case PRODUCT_DELETE -> {
                    List<FieldError> payloadErrors = schemas.validate(RequestSchemas.PRODUCT_DELETE, payload, payloadPointer);
                    errors.addAll(payloadErrors);
                    commands.add(new ValidatedCommand(PRODUCT_DELETE, productId(payload, payloadPointer, payloadErrors, errors),
                            clientCommandId, productFields(payload, payloadPointer, payloadErrors, errors)));
                }
                default -> {
                    // an unknown type: the schema's enum named it
                }
            }
        }
        return commands;
    }

    private ObjectNode createFields(JsonNode body, String pointer, List<FieldError> errors) {
        List<FieldError> schemaErrors = schemas.validate(RequestSchemas.CREATE_PRODUCT_REQUEST, body, pointer);
        errors.addAll(schemaErrors);
        return productFields(body, pointer, schemaErrors, errors);
    }

    private static UUID productId(JsonNode payload, String pointer, List<FieldError> schemaErrors, List<FieldError> errors) {
        Optional<UUID> productId = Uuids.parse(payload.path("productId").asText(null));
        if (productId.isEmpty() && payload.has("productId")) {
            addUnlessNamed(errors, schemaErrors, new FieldError(pointer + "/productId", "must be a UUID"));
        }
        return productId.orElse(null);
    }

    /** name (normalised), description and expectedVersion, each checked beyond what the schema says. */
    private static ObjectNode productFields(JsonNode body, String pointer, List<FieldError> schemaErrors, List<FieldError> errors) {
        ObjectNode fields = Json.mapper().createObjectNode();
        JsonNode name = body.get("name");
        if (name != null && name.isTextual()) {
            String normalized = ProductRules.normalizedName(name.asText());
            ProductRules.nameProblem(normalized)
                    .ifPresent(problem -> addUnlessNamed(errors, schemaErrors, new FieldError(pointer + "/name", problem)));
            fields.put("name", normalized);
        }
        JsonNode description = body.get("description");
        if (description != null && description.isTextual()) {
            ProductRules.descriptionProblem(description.asText())
                    .ifPresent(problem -> addUnlessNamed(errors, schemaErrors, new FieldError(pointer + "/description", problem)));
            fields.put("description", description.asText());
        }
        JsonNode expectedVersion = body.get("expectedVersion");
        if (expectedVersion != null && expectedVersion.isNumber()) {
            Optional<Long> version = Json.wholeNumber(expectedVersion).filter(whole -> whole >= 1);
            if (version.isPresent()) {
                fields.put("expectedVersion", version.get());
            } else {
                addUnlessNamed(errors, schemaErrors, new FieldError(pointer + "/expectedVersion",
                        "must be a whole number from 1 to " + Long.MAX_VALUE));
            }
        }
        return fields;
    }

    static Optional<Long> positiveLong(BigDecimal value) {
        return Json.wholeNumber(value).filter(version -> version >= 1);
    }

    /** One message per field: a field the schema already named keeps the schema's message. */
    private static void addUnlessNamed(List<FieldError> errors, List<FieldError> schemaErrors, FieldError error) {
        if (schemaErrors.stream().noneMatch(existing -> existing.field().equals(error.field()))) {
            errors.add(error);
        }
    }
}
