package dev.catalog.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ErrorCode;
import dev.catalog.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stable error codes are one list: the schema clients read ({@code schemas/reply.v1.json})
 * and the enum the workers write and the status writer reads hold the same codes, in the same order.
 */
class ReplyErrorCodesContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSchemaAndTheCodeKnowTheSameErrorCodes() throws Exception {
        List<String> inSchema = new ArrayList<>();
        JSON.readTree(Path.of("schemas/reply.v1.json").toFile()).at("/properties/error/properties/code/enum")
                .forEach(code -> inSchema.add(code.asText()));

        assertEquals(Arrays.stream(ErrorCode.values()).map(Enum::name).toList(), inSchema);
    }

    @Test
    void everyCodeOfTheSchemaReachesTheStatusWriterAsAFailedReply() throws Exception {
        for (ErrorCode code : ErrorCode.values()) {
            JsonNode failed = JSON.readTree("""
                    {"commandId": "8e1d2c3b-0001-4a5b-8c7d-6e5f4a3b2c01", "type": "attachment.delete", "status": "FAILED",
                     "actor": "user-7f3a9c", "correlationId": "remove-assembly-guide-v1", "completedAt": "2026-11-21T09:43:06.010Z",
                     "error": {"code": "%s", "message": "why"}}""".formatted(code.name()));

            assertEquals(java.util.Set.of(), Schemas.violations("reply.v1.json", failed), code.name());
            assertEquals(code, Json.mapper().treeToValue(failed, Reply.class).error().code());
        }
    }
}
