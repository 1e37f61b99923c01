package dev.catalog.local.harness.bench;

import dev.catalog.local.aws.s3.EmbeddedS3;
import dev.catalog.local.services.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy with its filesystem store, in a JVM of its own: a benchmark's heap then holds only what
 * the code under test holds, not the emulator's objects or its request handling. The child lives
 * as long as its standard input is open, so it ends with the benchmark even when that one is killed.
 */
final class OutOfProcessS3 implements AutoCloseable {
    private static final String READY = "S3 ready on port ";

    private final Process process;
    private final URI endpoint;

    private OutOfProcessS3(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the child with {@code jvmOptions} and the current class path, keeping objects under
     * {@code directory} (emptied first) and its log in {@code directory}/../s3proxy.log.
     */
    static OutOfProcessS3 launch(Path directory, String region, String accessKey, String secretKey, List<String> jvmOptions)
            throws IOException, InterruptedException {
        deleteRecursively(directory);
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OutOfProcessS3.class.getName(),
                directory.toString(), region, String.valueOf(FreePort.find()), accessKey, secretKey));
        Process process = new ProcessBuilder(command)
                .redirectError(directory.resolveSibling("s3proxy.log").toFile())
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(READY)) {
                int port = Integer.parseInt(line.substring(READY.length()).trim());
                return new OutOfProcessS3(process, URI.create("http://127.0.0.1:" + port));
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("S3 child process ended before it was ready (exit " + process.exitValue() + "); see "
                + directory.resolveSibling("s3proxy.log"));
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The child: {@code directory region port accessKey secretKey}. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startOnDisk(Path.of(args[0]), args[1], Integer.parseInt(args[2]), args[3], args[4], created -> { })) {
            System.out.println(READY + s3.endpoint().getPort());
            System.out.flush();
            // Blocks until the parent closes our input (or dies).
            while (System.in.read() >= 0) {
                // nothing is sent; reading only waits for the end
            }
        }
        System.exit(0);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
