package dev.catalog.local.devtools.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The combined OpenAPI document is valid OpenAPI 3.1 by Vert.x's validator, and the checker the
 * end-to-end suites run on every answer tells a described answer from one that is not.
 */
class ApiContractTest {
    private static final String COMMAND_ID = "0f8e4bde-9a61-4e0f-8d8c-6f3c2a0d7b11";
    private static final String PRODUCT_ID = "5b0d2c3e-1f4a-4b6c-9d8e-7a6b5c4d3e2f";
    private static ApiContract contract;

    @BeforeAll
    static void load() {
        contract = ApiContract.of(Path.of("."));
    }

    @Test
    void describesEveryOperationWithAnIdAndARole() {
        assertEquals(11, contract.operations().size());
        contract.operations().forEach(operation -> {
            assertTrue(operation.getOperationId() != null && !operation.getOperationId().isBlank(), operation.getOpenAPIPath());
            assertEquals(1, operation.getSecurityRequirements().size(), operation.getOperationId());
            List<String> roles = operation.getSecurityRequirements().get(0).getScopes("catalogJwt");
            assertEquals(1, roles.size(), operation.getOperationId() + " names the least role it needs");
            assertTrue(List.of("viewer", "editor", "admin").contains(roles.get(0)), operation.getOperationId());
        });
    }

    @Test
    void refusesADocumentThatIsNotOpenApi31() {
        ObjectNode broken = OpenApiDocument.combine(Path.of("."));
        // A response object must have a description.
        ((ObjectNode) broken.at("/paths/~1v1~1products/post/responses/202")).removeAll();
        ApiContract.InvalidContractException refused = assertThrows(ApiContract.InvalidContractException.class, () -> ApiContract.of(broken));
        assertTrue(refused.getMessage().contains("description") || refused.getMessage().contains("202"), refused.getMessage());
    }

    @Test
    void acceptsTheAnswersAsDescribed() {
        assertEquals(Optional.empty(), contract.violation("POST /v1/products", 202,
                Map.of("Content-Type", List.of("application/json"), "location", List.of("/v1/commands/" + COMMAND_ID)),
                json("{\"commandId\":\"" + COMMAND_ID + "\",\"productId\":\"" + PRODUCT_ID + "\",\"status\":\"ACCEPTED\"}")));
        assertEquals(Optional.empty(), contract.violation("POST /v1/products", 400, Map.of("content-type", List.of("application/problem+json")),
                json("{\"type\":\"https://catalog.dev/problems/validation\",\"title\":\"The request is not valid\",\"status\":400,"
                        + "\"code\":\"VALIDATION\",\"errors\":[{\"field\":\"/name\",\"message\":\"is required\"}]}")));
        assertEquals(Optional.empty(), contract.violation("GET /v1/products/{id}", 401,
                Map.of("content-type", List.of("application/json"), "www-authenticate", List.of("Bearer")), json("{\"message\":\"Unauthorized\"}")));
    }

    @Test
    void namesWhatIsNotAsDescribed() {
        Map<String, List<String>> json = Map.of("content-type", List.of("application/json"), "Location", List.of("/v1/commands/" + COMMAND_ID));
        String accepted = "{\"commandId\":\"" + COMMAND_ID + "\",\"productId\":\"" + PRODUCT_ID + "\",\"status\":\"ACCEPTED\"}";

        assertViolation("POST /v1/products", 202, json, "{\"id\":\"" + COMMAND_ID + "\",\"productId\":\"" + PRODUCT_ID + "\",\"status\":\"ACCEPTED\"}", "commandId");
        assertViolation("POST /v1/products", 202, Map.of("content-type", List.of("application/json")), accepted, "Location");
        assertViolation("POST /v1/products", 200, json, accepted, "200");
        assertViolation("POST /v1/products", 202, Map.of("content-type", List.of("text/plain"), "Location", List.of("/v1/commands/" + COMMAND_ID)), accepted, "text/plain");
        assertViolation("GET /v1/products/{id}", 200, Map.of("content-type", List.of("application/json")),
                "{\"productId\":\"" + PRODUCT_ID + "\",\"name\":\"Desk\",\"description\":\"\",\"version\":1,\"createdAt\":\"2026-12-08T00:00:00Z\","
                        + "\"updatedAt\":\"2026-12-08T00:00:00Z\",\"attachments\":[]}", "ETag");
        assertViolation("POST /v1/products/{id}/archive", 202, json, accepted, "not described");
    }

    private static void assertViolation(String route, int status, Map<String, List<String>> headers, String body, String named) {
        Optional<String> violation = contract.violation(route, status, headers, json(body));
        assertTrue(violation.isPresent(), route + " " + status + " " + body);
        assertTrue(violation.get().contains(named), violation.get());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
