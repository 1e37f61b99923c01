package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The upload request's rules at their edges: a file of 1 byte up to the limit, a name up to 1,024 characters. */
class RequestUploadDeclaredFileTest {
    private static final long MAX_BYTES = 1024;

    private static final AttachmentRules RULES = new AttachmentRules(Set.of("application/pdf"), MAX_BYTES);

    @Test
    void acceptsSizesFromOneByteToTheLimitAndNothingOutside() {
        assertEquals(List.of(), errors(body("a.pdf", 1)));
        assertEquals(List.of(), errors(body("a.pdf", MAX_BYTES)));
        assertEquals(List.of("/sizeBytes"), errors(body("a.pdf", 0)));
        assertEquals(List.of("/sizeBytes"), errors(body("a.pdf", MAX_BYTES + 1)));
        assertEquals(List.of("/sizeBytes"), errors(body("a.pdf", -1)));
    }

    @Test
    void takesTheDeclaredSizeAndTypeAsTheyAre() {
        List<FieldError> errors = new ArrayList<>();

        DeclaredFile file = DeclaredFile.read(body("Oak desk.pdf", 512), RULES, errors);

        assertEquals(List.of(), errors);
        assertEquals(512, file.sizeBytes());
        assertEquals("application/pdf", file.contentType());
        assertEquals("Oak desk.pdf", file.fileName());
    }

    @Test
    void acceptsAFileNameOfTheMaximumLengthAndRefusesOneCharacterMore() {
        int limit = RequestUploadHandler.MAX_RAW_FILE_NAME_LENGTH;

        assertEquals(List.of(), errors(body("n".repeat(limit - 4) + ".pdf", 10)));
        assertEquals(List.of("/fileName"), errors(body("n".repeat(limit - 3) + ".pdf", 10)));
        assertEquals(List.of("/fileName"), errors(body("   ", 10)));
    }

    @Test
    void namesAnUnknownFieldAndADisallowedType() {
        ObjectNode body = body("a.exe", 10).put("contentType", "application/x-msdownload").put("owner", "me");

        assertEquals(List.of("/contentType", "/owner"), errors(body));
    }

    private List<String> errors(ObjectNode body) {
        List<FieldError> errors = new ArrayList<>();
        DeclaredFile.read(body, RULES, errors);
        return errors.stream().map(FieldError::field).toList();
    }

    private static ObjectNode body(String fileName, long sizeBytes) {
        return Json.mapper().createObjectNode().put("fileName", fileName).put("contentType", "application/pdf").put("sizeBytes", sizeBytes);
    }
}
