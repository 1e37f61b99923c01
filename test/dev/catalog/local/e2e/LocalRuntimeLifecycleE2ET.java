package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the runtime stops every service, the PostgreSQL child process included; a new start
 * works; a stop is quick when idle; and what a killed run left is stopped and removed by the next start.
 */
class LocalRuntimeLifecycleE2ET {
    private static final Path ENDPOINTS_FILE = Path.of("target", "local", "endpoints.json");
    /** The goal is 2 s idle (bench/shutdown-time.sh); the margin absorbs two cores shared with other builds. Before: 6–7 s. */
    private static final Duration IDLE_STOP_LIMIT = Duration.ofSeconds(3);

    @Test
    void closeStopsEveryServiceAndTheNextStartWorks() throws Exception {
        LocalOptions options = LocalOptions.defaults().withApiPort(0).withServerlessYml(Path.of("test/fixtures/triggers/serverless.yml"));
        LocalRuntime first = LocalRuntime.start(options);
        String jdbcUrl = first.postgresJdbcUrl();
        List<URI> endpoints = List.of(first.apiBaseUri(), first.endpoints().sqs(), first.endpoints().sns(), first.endpoints().s3());
        Path dataDirectory;
        try (var connection = DriverManager.getConnection(jdbcUrl); var statement = connection.createStatement();
             var result = statement.executeQuery("SHOW data_directory")) {
            assertTrue(result.next());
            dataDirectory = Path.of(result.getString(1));
        }
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim()))
                .orElseThrow();

        first.close();

        // pg_ctl stop returns when the server has removed postmaster.pid, a moment before the process ends.
        assertTrue(waitForExit(postmaster), "the PostgreSQL process still runs");
        assertFalse(Files.exists(dataDirectory), "the data directory " + dataDirectory + " is left behind");
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(jdbcUrl).close(), "PostgreSQL still answers");
        for (URI endpoint : endpoints) {
            assertThrows(IOException.class, () -> connect(endpoint), endpoint + " still accepts connections");
        }
        try (LocalRuntime second = LocalRuntime.start(options)) {
            try (var connection = DriverManager.getConnection(second.postgresJdbcUrl())) {
                assertTrue(connection.isValid(2));
            }
        }
    }

    @Test
    void sigtermStopsAnIdleRuntimeQuicklyAndRemovesItsEndpointsFile() throws Exception {
        ChildRuntime child = ChildRuntime.start();
        try {
            assertTrue(child.output().stream().anyMatch(line -> line.matches("\\s*PostgreSQL\\s+jdbc:postgresql://[^/]+/catalog\\?.*")),
                    "the printed JDBC URL names database catalog: " + child.output());
            assertTrue(Files.exists(ENDPOINTS_FILE));

            long stopping = System.nanoTime();
            child.process().destroy(); // SIGTERM
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "the runtime did not stop");
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);

            System.out.println("idle runtime stopped on SIGTERM in " + took.toMillis() + " ms: "
                    + child.output().stream().filter(line -> line.contains("stopped")).toList());
            assertTrue(took.compareTo(IDLE_STOP_LIMIT) <= 0, "stopping an idle runtime took " + took.toMillis() + " ms");
            assertTrue(child.output().stream().anyMatch(line -> line.startsWith("Catalog local stopped in")), child.output().toString());
            assertFalse(Files.exists(ENDPOINTS_FILE), "endpoints.json outlived the runtime");
        } finally {
            child.process().destroyForcibly();
        }
    }

    @Test
    void theNextStartStopsAndRemovesWhatAKilledRunLeft() throws Exception {
        ChildRuntime child = ChildRuntime.start();
        Path dataDirectory;
        ProcessHandle orphan;
        try {
            dataDirectory = child.recordedDataDirectory();
            orphan = ProcessHandle.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim())).orElseThrow();
        } finally {
            child.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertTrue(child.process().waitFor(10, TimeUnit.SECONDS));
        assertTrue(orphan.isAlive(), "a SIGKILL leaves PostgreSQL running (the situation this test is about)");
        assertTrue(Files.exists(ENDPOINTS_FILE), "a SIGKILL leaves endpoints.json (the situation this test is about)");

        Process invoke = new ProcessBuilder("make", "-s", "invoke", "FN=createProduct").redirectErrorStream(true).start();
        String invokeOutput = new String(invoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(invoke.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, invoke.exitValue(), invokeOutput);
        assertTrue(invokeOutput.contains("the local runtime is not running"), invokeOutput);

        LocalOptions options = LocalOptions.defaults().withApiPort(0).withServerlessYml(Path.of("test/fixtures/triggers/serverless.yml"));
        try (LocalRuntime next = LocalRuntime.start(options)) {
            assertTrue(waitForExit(orphan), "the killed run's PostgreSQL still runs");
            assertFalse(Files.exists(dataDirectory), "the killed run's data directory " + dataDirectory + " is left");
            try (var connection = DriverManager.getConnection(next.postgresJdbcUrl())) {
                assertTrue(connection.isValid(2));
            }
        } finally {
            Files.deleteIfExists(ENDPOINTS_FILE);
        }
    }

    private static boolean waitForExit(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception stillRunning) {
            return !process.isAlive();
        }
    }

    private static void connect(URI endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 500);
        }
    }

    /** {@code make local} in a child JVM, as a user runs it, on the project's serverless.yml; its output goes to a file. */
    private record ChildRuntime(Process process, Path outputFile) {
        static ChildRuntime start() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path outputFile = Files.createTempFile(Path.of("target"), "child-runtime-", ".log");
            Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName(), "--port", "0", "--no-hot-reload")
                    .redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
            ChildRuntime child = new ChildRuntime(process, outputFile);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // The live page is the last line of the table printed after the ready line; endpoints.json follows it.
            while (child.output().stream().noneMatch(line -> line.startsWith("  Live page")) || !Files.exists(ENDPOINTS_FILE)) {
                if (!process.isAlive() || System.nanoTime() > giveUp) {
                    process.destroyForcibly();
                    throw new AssertionError("the child runtime did not get ready: " + child.output());
                }
                Thread.sleep(100);
            }
            Thread.sleep(500);
            return child;
        }

        List<String> output() throws IOException {
            return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
        }

        /** The data directory the child's run record names. */
        Path recordedDataDirectory() throws IOException {
            long pid = process.pid();
            try (var records = Files.list(Path.of("target", "local", "runs"))) {
                for (Path record : records.toList()) {
                    java.util.Properties properties = new java.util.Properties();
                    try (var in = Files.newBufferedReader(record)) {
                        properties.load(in);
                    }
                    if (Long.toString(pid).equals(properties.getProperty("ownerPid"))) {
                        return Path.of(properties.getProperty("dataDirectory"));
                    }
                }
            }
            throw new AssertionError("no run record names the child " + pid);
        }
    }
}
