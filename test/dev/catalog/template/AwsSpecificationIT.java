package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.aws.iam.IamPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * The local runtime's IAM evaluator ({@link IamPolicy}, which decides every function's call to the
     * stand-ins) against the simulator not written here: every row of the calls file, allowed and
     * denied, each also with an explicit Deny added, on exactly the same role policies and request.
     */
    @Test
    void theLocalRuntimesEvaluatorDecidesEveryRowAsTheSimulatorDoes() throws Exception {
        Run run = run(List.of("node", "test/aws/iam-check.mjs", "--decisions", "src/main/aws-calls.json", TEMPLATES.get(0)));
        assertEquals(0, run.exitCode(), run.output());
        JsonNode output = new ObjectMapper().readTree(run.output().substring(run.output().indexOf('{')));
        ObjectMapper json = new ObjectMapper();
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> byDecision = new TreeMap<>();
        for (JsonNode row : output.path("decisions")) {
            List<Object> policies = json.convertValue(row.path("policies"), new TypeReference<List<Object>>() { });
            IamPolicy role = IamPolicy.combined(policies.stream().map(IamPolicy::of).toList());
            Map<String, String> context = json.convertValue(row.path("context"), new TypeReference<Map<String, String>>() { });
            String simulator = row.path("decision").asText();
            String local = role.decide(row.path("action").asText(), row.path("resource").asText(), context).name();
            byDecision.merge(simulator, 1, Integer::sum);
            if (!local.equals(simulator)) {
                disagreements.add(row.path("function").asText() + " " + row.path("action").asText() + " on " + row.path("resource").asText()
                        + " " + context + ": simulator " + simulator + ", local runtime " + local);
            }
        }
        assertEquals(List.of(), disagreements, output.path("simulator").asText() + " and the local runtime's evaluator disagree");
        // Each outcome occurs, so agreement is not one answer given to everything.
        assertEquals(List.of("Allowed", "ExplicitlyDenied", "ImplicitlyDenied"), List.copyOf(byDecision.keySet()), byDecision.toString());
        System.out.println("IAM evaluator agreement with " + output.path("simulator").asText() + ": " + byDecision);
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
