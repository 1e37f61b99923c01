package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.YamlValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the CloudFormation templates that {@code osls package} wrote (the build runs it in
 * pre-integration-test, after the Lambda artifact exists): stage dev, which creates its own private
 * network, and stage givennetwork, which names a VPC of the user's.
 */
class ServerlessTemplateIT {
    static final Path OWN_NETWORK = Path.of(".serverless/cloudformation-template-update-stack.json");
    static final Path GIVEN_NETWORK = Path.of("target/given-network/cloudformation-template-update-stack.json");
    private static final List<String> NETWORK = List.of("Vpc", "PrivateSubnetA", "PrivateSubnetB", "PrivateRouteTableA",
            "PrivateRouteTableB", "PrivateSubnetARouteTable", "PrivateSubnetBRouteTable");

    static JsonNode read(Path template) throws IOException {
        assertTrue(Files.isRegularFile(template), "run `osls package` first (make test does): " + template + " is missing");
        return new ObjectMapper().readTree(template.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {".serverless/cloudformation-template-update-stack.json", "target/given-network/cloudformation-template-update-stack.json"})
    void keepsEveryStructuralRule(String template) throws IOException {
        assertEquals(List.of(), new TemplateRules(read(Path.of(template))).violations());
    }

    @Test
    void deploysTheLambdaArtifactOnJava21() throws IOException {
        JsonNode functions = read(OWN_NETWORK).path("Resources");
        List<String> runtimes = new ArrayList<>();
        functions.forEach(resource -> {
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())) {
                runtimes.add(resource.at("/Properties/Runtime").asText());
                assertTrue(resource.at("/Properties/Code/S3Key").asText().endsWith("/catalog-lambda.jar"));
            }
        });
        assertFalse(runtimes.isEmpty(), "the template declares no function");
        assertTrue(runtimes.stream().allMatch("java21"::equals), "runtimes: " + runtimes);
    }

    /**
     * The local runtime's Lambda mode gives each function what serverless.yml declares for it, read
     * by its own reader: the same variable names, handler, memory and timeout as the packaged
     * template, so "exactly the template's environment" holds by construction and stays so.
     */
    @Test
    void theLocalRuntimeReadsEachFunctionAsTheTemplateDeploysIt() throws IOException {
        JsonNode resources = read(OWN_NETWORK).path("Resources");
        ServerlessConfig config = ServerlessConfig.load(Path.of("serverless.yml"), Optional.of("dev"), Optional.empty(), "000000000000");
        Map<String, Object> providerEnvironment = YamlValues.map(config.provider().get("environment"));
        List<String> differences = new ArrayList<>();
        config.functions().forEach((name, function) -> {
            Map<String, Object> declared = function.value();
            String deployedName = config.service() + "-" + config.stage() + "-" + name;
            JsonNode deployed = null;
            for (JsonNode resource : resources) {
                if (deployedName.equals(resource.at("/Properties/FunctionName").asText())) {
                    deployed = resource.path("Properties");
                }
            }
            if (deployed == null) {
                differences.add(name + ": no function " + deployedName + " in the template");
                return;
            }
            Set<String> local = new TreeSet<>(providerEnvironment.keySet());
            local.addAll(YamlValues.map(declared.get("environment")).keySet());
            Set<String> template = new TreeSet<>();
            deployed.at("/Environment/Variables").fieldNames().forEachRemaining(template::add);
            compare(differences, name + " variables", local, template);
            compare(differences, name + " handler", declared.get("handler"), deployed.get("Handler").asText());
            compare(differences, name + " memory", YamlValues.number(declared.getOrDefault("memorySize", config.provider().get("memorySize")), 1024),
                    deployed.get("MemorySize").asLong());
            compare(differences, name + " timeout", YamlValues.number(declared.getOrDefault("timeout", config.provider().get("timeout")), 6),
                    deployed.get("Timeout").asLong());
        });
        assertEquals(List.of(), differences);
    }

    private static void compare(List<String> differences, String what, Object local, Object template) {
        if (!String.valueOf(local).equals(String.valueOf(template))) {
            differences.add(what + ": locally " + local + ", in the template " + template);
        }
    }

    /** Without vpcId the stack creates the network; with it, the same resources are left out by the condition. */
    @Test
    void createsItsOwnPrivateNetworkOnlyWithoutAGivenVpc() throws IOException {
        JsonNode own = read(OWN_NETWORK);
        JsonNode given = read(GIVEN_NETWORK);
        assertTrue(createsNetwork(own), "stage dev (no vpcId) must create its network: " + own.at("/Conditions/CreateNetwork"));
        assertFalse(createsNetwork(given), "stage givennetwork (vpcId set) must not: " + given.at("/Conditions/CreateNetwork"));
        for (JsonNode template : List.of(own, given)) {
            for (String id : NETWORK) {
                assertEquals("CreateNetwork", template.at("/Resources/" + id + "/Condition").asText(), id + " is not under CreateNetwork");
            }
            assertEquals(0, template.at("/Resources/PrivateSubnetA/Properties/AvailabilityZone/Fn::Select/0").asInt(-1));
            assertEquals(1, template.at("/Resources/PrivateSubnetB/Properties/AvailabilityZone/Fn::Select/0").asInt(-1));
            assertTrue(template.at("/Resources/PrivateSubnetB/Properties/AvailabilityZone/Fn::Select/1").has("Fn::GetAZs"));
            template.path("Resources").fields().forEachRemaining(resource -> {
                String type = resource.getValue().path("Type").asText();
                assertFalse(type.equals("AWS::EC2::NatGateway") || type.equals("AWS::EC2::InternetGateway"),
                        resource.getKey() + ": the private network has no way out but its endpoints (" + type + ")");
            });
        }
        assertEquals("vpc-0123456789abcdef0", given.at("/Resources/FunctionSecurityGroup/Properties/VpcId/Fn::If/1").asText());
        assertEquals("Vpc", own.at("/Resources/FunctionSecurityGroup/Properties/VpcId/Fn::If/2/Ref").asText());
    }

    /**
     * The schema comes with the stack: the DatabaseSchema custom resource runs migrateDatabase once the
     * writer exists, with the cluster's managed secret, and its MigrationsChecksum (which makes
     * CloudFormation send an Update) is the checksum of the migrations in this tree.
     */
    @ParameterizedTest
    @ValueSource(strings = {".serverless/cloudformation-template-update-stack.json", "target/given-network/cloudformation-template-update-stack.json"})
    void createsTheSchemaThroughTheMigrationFunctionOnceTheWriterIsUp(String file) throws Exception {
        JsonNode resources = read(Path.of(file)).path("Resources");
        JsonNode schema = resources.path("DatabaseSchema");
        assertEquals("Custom::DatabaseSchema", schema.path("Type").asText());
        List<String> dependsOn = new ArrayList<>();
        schema.path("DependsOn").forEach(id -> dependsOn.add(id.asText()));
        assertTrue(dependsOn.contains("AuroraInstance"), "the writer instance: " + dependsOn);
        assertEquals("MigrateDatabaseLambdaFunction", schema.at("/Properties/ServiceToken/Fn::GetAtt/0").asText());
        assertEquals("Arn", schema.at("/Properties/ServiceToken/Fn::GetAtt/1").asText());
        assertEquals("AuroraCluster", schema.at("/Properties/MasterUserSecretArn/Fn::GetAtt/0").asText());
        assertEquals("MasterUserSecret.SecretArn", schema.at("/Properties/MasterUserSecretArn/Fn::GetAtt/1").asText());
        assertEquals(migrationsChecksum(), schema.at("/Properties/MigrationsChecksum").asText());
        assertFalse(resources.at("/MigrateDatabaseLambdaFunction/Properties/VpcConfig").isMissingNode(), "Aurora is reached from the VPC only");
        assertTrue(resources.at("/AuroraCluster/Properties/ManageMasterUserPassword").asBoolean());
    }

    /** SHA-256 over each migration's name, a NUL, its bytes and a NUL, in name order (deploy/migrations-checksum.js). */
    private static String migrationsChecksum() throws Exception {
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".sql")).sorted().toList()) {
                sha256.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(Files.readAllBytes(file));
                sha256.update((byte) 0);
            }
        }
        return java.util.HexFormat.of().formatHex(sha256.digest());
    }

    /** {@code CreateNetwork: Fn::Equals [<vpcId param>, '']} with the parameter already resolved by osls. */
    private static boolean createsNetwork(JsonNode template) {
        JsonNode equals = template.at("/Conditions/CreateNetwork/Fn::Equals");
        assertTrue(equals.isArray() && equals.size() == 2 && equals.get(0).isTextual(), "CreateNetwork: " + equals);
        return equals.get(0).asText().equals(equals.get(1).asText());
    }
}
