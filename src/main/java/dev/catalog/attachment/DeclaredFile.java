package dev.catalog.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import java.util.List;
import java.util.Optional;

/**
 * A file as the client of {@code POST /v1/products/{id}/attachments} declares it, checked against
 * the attachment rules.
 *
 * @param fileName    already sanitised
 * @param contentType the essence, allowed
 */
record DeclaredFile(String fileName, String contentType, long sizeBytes) {

    /** The file as the client declared it; every invalid field is added to {@code errors}. */
    static DeclaredFile read(ObjectNode body, AttachmentRules rules, List<FieldError> errors) {
        String fileName = null;
        JsonNode name = body.get("fileName");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            errors.add(new FieldError("/fileName", "is required: a non-blank string"));
        } else if (name.asText().length() > RequestUploadHandler.MAX_RAW_FILE_NAME_LENGTH) {
            errors.add(new FieldError("/fileName", "must be at most " + RequestUploadHandler.MAX_RAW_FILE_NAME_LENGTH + " characters"));
        } else {
            fileName = FileNames.sanitise(name.asText());
        }
        String contentType = null;
        JsonNode type = body.get("contentType");
        Optional<String> essence = type != null && type.isTextual() ? MediaTypes.essence(type.asText()) : Optional.empty();
        if (essence.isEmpty() || !rules.allows(essence.get())) {
            errors.add(new FieldError("/contentType", "must be one of " + String.join(", ", rules.allowedTypes().stream().sorted().toList())));
        } else {
            contentType = essence.get();
        }
        long sizeBytes = 0;
        JsonNode size = body.get("sizeBytes");
        Optional<Long> bytes = Json.wholeNumber(size);
        if (bytes.isEmpty() || bytes.get() < 1 || bytes.get() > rules.maxBytes()) {
            errors.add(new FieldError("/sizeBytes", "must be a whole number of bytes from 1 to " + rules.maxBytes()));
        } else {
            sizeBytes = bytes.get();
        }
        ApiRequest.rejectUnknownFields(body, List.of("fileName", "contentType", "sizeBytes"), errors);
        return new DeclaredFile(fileName, contentType, sizeBytes);
    }

}
