package dev.catalog.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The body of {@code POST /v1/imports}: the file's format and its size, every invalid field named at once. */
record ImportRequest(ImportFormat format, long sizeBytes) {

    /** @throws RequestRejectedException naming each invalid or unknown field */
    static ImportRequest read(ObjectNode body, long maxBytes) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode formatNode = body.get("format");
        Optional<ImportFormat> format = formatNode != null && formatNode.isTextual()
                ? ImportFormat.fromExtension(formatNode.asText()) : Optional.empty();
        if (format.isEmpty()) {
            errors.add(new FieldError("/format", "must be csv or jsonl"));
        }
        Optional<Long> size = Json.wholeNumber(body.get("sizeBytes")).filter(bytes -> bytes >= 1 && bytes <= maxBytes);
        if (size.isEmpty()) {
            errors.add(new FieldError("/sizeBytes", "must be a whole number of bytes from 1 to " + maxBytes));
        }
        ApiRequest.rejectUnknownFields(body, List.of("format", "sizeBytes"), errors);
        if (!errors.isEmpty()) {
            throw RequestRejectedException.validation(errors);
        }
        return new ImportRequest(format.get(), size.get());
    }
}
