package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the CloudFormation template that {@code osls package} wrote (the build runs it in
 * pre-integration-test, after the Lambda artifact exists).
 */
class ServerlessTemplateIT {
    private static final Path TEMPLATE = Path.of(".serverless/cloudformation-template-update-stack.json");
    private static JsonNode template;

    @BeforeAll
    static void readPackagedTemplate() throws Exception {
        assertTrue(Files.isRegularFile(TEMPLATE), "run `osls package` first (make test does): " + TEMPLATE + " is missing");
        template = new ObjectMapper().readTree(TEMPLATE.toFile());
    }

    @Test
    void keepsEveryStructuralRule() {
        assertEquals(List.of(), new TemplateRules(template).violations());
    }

    @Test
    void deploysTheLambdaArtifactOnJava21() {
        JsonNode functions = template.path("Resources");
        List<String> runtimes = new java.util.ArrayList<>();
        functions.forEach(resource -> {
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())) {
                runtimes.add(resource.at("/Properties/Runtime").asText());
                assertTrue(resource.at("/Properties/Code/S3Key").asText().endsWith("/catalog-lambda.jar"));
            }
        });
        assertFalse(runtimes.isEmpty(), "the template declares no function");
        assertTrue(runtimes.stream().allMatch("java21"::equals), "runtimes: " + runtimes);
    }
}
