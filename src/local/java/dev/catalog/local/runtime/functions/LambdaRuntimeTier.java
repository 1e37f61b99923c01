package dev.catalog.local.runtime.functions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What every function of the Lambda runtime tier shares: the artifact extracted once as Lambda's
 * task root, and the runtime's own class path (AWS's runtime interface client with the core and
 * serialization libraries it brings, as Lambda's Java runtime has them outside the task root).
 */
public final class LambdaRuntimeTier {
    /** Lambda's Java runtimes from 17 on stop tiered compilation at C1 (AWS documents it under "Java customization"). */
    private static final List<String> RUNTIME_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true");
    /** Share of the function's memory given to the heap; the rest is metaspace, code, threads and the OS. */
    private static final int HEAP_PERCENT = 85;
    /** Classes of the libraries the runtime interface client runs with, one from each jar. */
    private static final List<String> RUNTIME_CLASSES = List.of(LambdaLaunch.RUNTIME_INTERFACE_CLIENT,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    /** Where the runtime interface client loads its native Runtime API client from, when set. */
    private static final String NATIVE_CLIENT_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final String CRAC_COMPAT_PROPERTY = "org.crac.Core.Compat";
    private static final String RUNTIME_CRAC_PACKAGE = "com.amazonaws.services.lambda.crac";

    private final Path artifact;
    private final Path taskRoot;
    private final String runtimeClassPath;
    private final Path nativeClient;

    private LambdaRuntimeTier(Path artifact, Path taskRoot, String runtimeClassPath, Path nativeClient) {
        this.artifact = artifact;
        this.taskRoot = taskRoot;
        this.runtimeClassPath = runtimeClassPath;
        this.nativeClient = nativeClient;
    }

    /**
     * Extracts {@code artifact} into {@code taskRoot} (again only when the artifact changed).
     *
     * @throws IllegalStateException naming the build command when the artifact is missing
     */
    public static LambdaRuntimeTier prepare(Path artifact, Path taskRoot) throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalStateException("the Lambda runtime tier runs the packaged artifact, and " + artifact
                    + " does not exist: build it with `make build`");
        }
        Path stamp = taskRoot.resolve(".extracted-from");
        String version = artifact.toAbsolutePath() + " " + Files.size(artifact) + " " + Files.getLastModifiedTime(artifact).toMillis();
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(version)) {
            extract(artifact, taskRoot);
            Files.writeString(stamp, version);
        }
        return new LambdaRuntimeTier(artifact, taskRoot, runtimeClassPath(), nativeClient(taskRoot.toAbsolutePath().resolveSibling("lambda-runtime")));
    }

    /**
     * The runtime interface client's native library, unpacked once. Left to itself, every client
     * unpacks it to the same file in /tmp at start: fine in a sandbox of its own, but JVMs starting
     * side by side on one machine overwrite the file while another loads it (and crash).
     */
    private static Path nativeClient(Path directory) throws IOException {
        String architecture = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("the runtime interface client has no native library for " + System.getProperty("os.arch"));
        };
        String library = "libaws-lambda-jni.linux-" + architecture + ".so";
        Path target = directory.resolve(library);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(directory);
        try (InputStream in = Class.forName(LambdaLaunch.RUNTIME_INTERFACE_CLIENT, false, LambdaRuntimeTier.class.getClassLoader())
                .getResourceAsStream("/jni/" + library)) {
            if (in == null) {
                throw new IllegalStateException("the runtime interface client jar holds no " + library);
            }
            Path unpacking = Files.createTempFile(directory, library, ".tmp");
            Files.copy(in, unpacking, StandardCopyOption.REPLACE_EXISTING);
            Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the runtime interface client is not on the class path", e);
        }
    }

    private static void extract(Path artifact, Path taskRoot) throws IOException {
        if (Files.exists(taskRoot)) {
            try (Stream<Path> files = Files.walk(taskRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(taskRoot);
        Path root = taskRoot.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(artifact))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("artifact entry " + entry.getName() + " points outside the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String runtimeClassPath() {
        List<String> entries = new ArrayList<>();
        for (String className : RUNTIME_CLASSES) {
            try {
                Class<?> type = Class.forName(className, false, LambdaRuntimeTier.class.getClassLoader());
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("the runtime interface client's " + className + " is not on the class path", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    public Path artifact() {
        return artifact;
    }

    public Path taskRoot() {
        return taskRoot;
    }

    /**
     * How one function starts.
     *
     * @param functionVariables the function's environment as the packaged template gives it
     * @param platformVariables what Lambda and the SDK's standard settings add (credentials, endpoints)
     */
    public LambdaLaunch launch(String deployedName, String handlerReference, String runtime, int memoryMb, boolean snapStart,
                               String region, String accountId, Map<String, String> functionVariables,
                               Map<String, String> platformVariables) {
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jvm.add("-Xmx" + memoryMb * HEAP_PERCENT / 100 + "m");
        jvm.addAll(RUNTIME_JVM_OPTIONS);
        jvm.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
        if (snapStart) {
            // How Lambda connects org.crac to its runtime's hooks is not public; org.crac's documented
            // property points it at the runtime interface client's CRaC package, whose hooks the client
            // runs (priming) at a snap-start init.
            jvm.add("-D" + CRAC_COMPAT_PROPERTY + "=" + RUNTIME_CRAC_PACKAGE);
        }
        jvm.add("-cp");
        jvm.add(runtimeClassPath);

        Map<String, String> environment = new LinkedHashMap<>(functionVariables);
        environment.putAll(platformVariables);
        environment.put("_HANDLER", handlerReference);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", deployedName);
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + deployedName);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        // The JVM is this one (the artifact targets Java 17, which every Lambda Java runtime from 17 on runs).
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
        environment.put("AWS_REGION", region);
        environment.put("AWS_DEFAULT_REGION", region);
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        environment.put("LAMBDA_RUNTIME_DIR", Path.of(System.getProperty("java.home")).toString());
        environment.put("TZ", ":UTC");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        String arn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + deployedName;
        return new LambdaLaunch(jvm, taskRoot.toAbsolutePath(), environment, arn);
    }
}
