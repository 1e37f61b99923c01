package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged templates (both network shapes) against AWS's own specifications, by the Node checks
 * in test/aws: the CloudFormation resource specification (npm {@code @aws-cdk/aws-service-spec}) and
 * every AWS call of src/main/aws-calls.json evaluated against the function's role and the resource
 * policies by an IAM evaluator not written here (npm {@code @cloud-copilot/iam-simulate}).
 */
class AwsSpecificationIT {
    private static final List<String> TEMPLATES = List.of(ServerlessTemplateIT.OWN_NETWORK.toString(), ServerlessTemplateIT.GIVEN_NETWORK.toString());

    @BeforeAll
    static void packagedTemplatesExist() throws IOException {
        ServerlessTemplateIT.read(ServerlessTemplateIT.OWN_NETWORK);
        ServerlessTemplateIT.read(ServerlessTemplateIT.GIVEN_NETWORK);
    }

    @Test
    void everyResourceKeepsTheCloudFormationSpecification() throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "test/aws/cfn-spec-check.mjs"));
        command.addAll(TEMPLATES);
        Run run = run(command);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(2, run.output().lines().filter(line -> line.matches(".*: \\d{3} resources, 0 findings")).count(), run.output());
    }

    @Test
    void everyCallOfEveryFunctionIsAllowedByItsRoleAndTheResourcePolicies() throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "test/aws/iam-check.mjs", "src/main/aws-calls.json"));
        command.addAll(TEMPLATES);
        Run run = run(command);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(2, run.output().lines().filter(line -> line.matches(".*: \\d+ calls allowed, \\d+ negative cases denied, 0 failures")).count(),
                run.output());
    }

    /** The checks catch what they are for: planted errors in small templates and in the packaged one. */
    @Test
    void theChecksCatchPlantedErrors() throws Exception {
        Run run = run(List.of("node", "--test", "test/aws/"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("# fail 0"), run.output());
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) throws Exception {
        Path log = Files.createTempFile("aws-specification", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
            return new Run(process.exitValue(), String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
