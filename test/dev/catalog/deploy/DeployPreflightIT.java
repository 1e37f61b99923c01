package dev.catalog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make deploy}, {@code make info} and {@code make remove} check credentials, region and stage
 * parameters before anything else runs, and say what is missing in one line, fast, with a non-zero
 * exit. The machine running the tests has no AWS account, so a deploy that got past the check would
 * fail differently (and slowly): these runs never reach osls.
 */
class DeployPreflightIT {
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final List<String> GOOD_PARAMS = List.of("--param", "jwtIssuer=https://login.acme.io/catalog", "--param",
            "alertEmail=oncall@acme.io", "--param", "alertPhone=+4915112345678");

    @TempDir
    Path home;

    private record Run(int exitCode, List<String> lines, Duration took) {
        String text() {
            return String.join("\n", lines);
        }
    }

    /** Runs a command with only PATH and HOME (an empty home unless the test writes into it): no AWS_* variable. */
    private Run run(Map<String, String> extraEnvironment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();
        environment.put("PATH", path);
        environment.put("HOME", home.toString());
        environment.putAll(extraEnvironment);
        Path output = Files.createTempFile("preflight", ".log");
        long started = System.nanoTime();
        Process process = builder.redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        Files.delete(output);
        return new Run(process.exitValue(), lines, took);
    }

    @Test
    void deployWithoutCredentialsSaysWhatIsMissingInOneLineFast() throws Exception {
        Run run = run(Map.of(), "make", "deploy", "STAGE=x");
        assertNotEquals(0, run.exitCode(), run.text());
        assertEquals(1, run.lines().size(), run.text());
        String line = run.lines().get(0);
        assertTrue(line.contains("make deploy: missing AWS credentials (no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, no profile default in "
                + home.resolve(".aws/credentials")), line);
        assertTrue(line.contains("stage parameters jwtIssuer"), "the placeholder issuer must be named too: " + line);
        assertTrue(run.took().compareTo(FAST) < 0, "took " + run.took());
    }

    @Test
    void credentialsInTheSharedFileAreFoundAndOnlyTheParametersAreMissing() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[deployer]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n");
        Run run = run(Map.of("AWS_PROFILE", "deployer"), "make", "deploy", "STAGE=prod",
                "PARAMS=vpcId=vpc-0abc12345678def90 alertEmail=oncall@acme.io alertPhone=+4915112345678");
        assertNotEquals(0, run.exitCode(), run.text());
        assertEquals(1, run.lines().size(), run.text());
        String line = run.lines().get(0);
        assertFalse(line.contains("credentials"), line);
        assertTrue(line.contains("jwtIssuer") && line.contains("privateSubnetIds") && line.contains("privateRouteTableIds"), line);
        assertFalse(line.contains("alertEmail") || line.contains("alertPhone"), "PARAMS gave them: " + line);
    }

    @Test
    void infoAndRemoveCheckRegionAndCredentialsButNeedNoParameters() throws Exception {
        for (String goal : List.of("info", "remove")) {
            Run run = run(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"), "make", goal, "STAGE=x", "REGION=mars-north-1");
            assertNotEquals(0, run.exitCode(), run.text());
            assertEquals(1, run.lines().size(), run.text());
            assertTrue(run.lines().get(0).contains("make " + goal + ": missing a region (REGION=eu-west-1 or another AWS region; got mars-north-1)"),
                    run.text());
            assertTrue(run.took().compareTo(FAST) < 0, "took " + run.took());
        }
    }

    @Test
    void aCompleteStagePassesAndNamesWhereTheCredentialsComeFrom() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nsso_session = acme\nsso_account_id = 123456789012\n");
        List<String> command = new java.util.ArrayList<>(List.of("node", "deploy/preflight.mjs", "deploy", "--stage", "x", "--region", "eu-west-1"));
        command.addAll(GOOD_PARAMS);
        Run run = run(Map.of(), command.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.text());
        assertEquals(List.of("make deploy: stage x, region eu-west-1, credentials from profile default in " + home.resolve(".aws/config")), run.lines());
    }
}
