package dev.catalog.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda artifact is complete and lean: every class its code refers to is inside it, apart from
 * optional integrations that are listed here with the reason they never load, and nothing the
 * local runtime or the tests use is.
 *
 * <p>Completeness is read off the jar itself with the JDK's {@code jdeps}: a test-scoped runtime
 * dependency (slf4j-api once made every function fail init) shows as a missing class.
 */
class LambdaArtifactIT {
    private static final Path ARTIFACT = Path.of("target", "catalog-lambda.jar");
    private static final Pattern MISSING_CLASS = Pattern.compile("\\s+(\\S+)\\s+->\\s+(\\S+)\\s+not found");

    /** Missing packages that are allowed, by the package that refers to them: they belong to features the code never uses. */
    private static final Map<String, String> OPTIONAL = Map.ofEntries(
            Map.entry("software.amazon.awssdk.crt", "the SDK's CRT-based HTTP client, signer and S3 transfer client;"
                    + " the functions use the URL-connection client and the Java signer"),
            Map.entry("org.graalvm.polyglot", "json-schema-validator's GraalJS regular expressions; the JDK's are used"),
            Map.entry("org.joni", "json-schema-validator's Joni regular expressions; the JDK's are used"),
            Map.entry("org.jcodings", "json-schema-validator's Joni regular expressions; the JDK's are used"),
            Map.entry("com.fasterxml.jackson.dataformat.yaml", "json-schema-validator reading schemas written in YAML; ours are JSON"),
            Map.entry("org.joda.convert", "joda-time's optional string conversion annotations (joda-time comes with the events library)"),
            Map.entry("org.osgi", "the PostgreSQL driver's OSGi activator; Lambda is no OSGi container"),
            Map.entry("com.sun.jna", "the PostgreSQL driver's Windows SSPI authentication"),
            Map.entry("waffle.windows", "the PostgreSQL driver's Windows SSPI authentication"),
            // Flyway (migrateDatabase configures it in code, and DatabaseSchemaOnStartE2ET runs it from this jar):
            Map.entry("javax.annotation", "Flyway's nullability annotations, never read at run time"),
            Map.entry("com.fasterxml.jackson.dataformat.toml", "Flyway reading flyway.toml configuration files; none is used"),
            Map.entry("org.apache.commons.text", "Flyway suggesting names for misspelt keys of configuration files; none is read"),
            Map.entry("org.apache.commons.logging", "Flyway's Commons Logging output, chosen only when that library is present"),
            Map.entry("org.apache.logging.log4j", "Flyway's Log4j 2 output, chosen only when that library is present"),
            Map.entry("org.jboss.vfs", "Flyway scanning JBoss virtual file systems for migrations; Lambda's class path is a directory"));

    /** Code that must never ship: the local runtime, the emulators, test libraries, AWS's runtime interface client. */
    private static final List<String> LOCAL_ONLY = List.of("dev/catalog/local/", "org/elasticmq/", "com/amazonaws/services/dynamodbv2/local/",
            "org/gaul/s3proxy/", "io/zonky/", "ch/qos/logback/", "org/junit/", "org/awaitility/", "org/openqa/selenium/",
            "com/amazonaws/services/lambda/runtime/api/client/");

    @Test
    void everyClassTheArtifactRefersToIsInsideItOrOptional() {
        List<String> missing = new ArrayList<>();
        for (String line : jdeps("--multi-release", "17", "--missing-deps", ARTIFACT.toString()).split("\\R")) {
            // Indented lines name one class and the class it lacks; the unindented one names the jar.
            Matcher dependency = MISSING_CLASS.matcher(line);
            if (dependency.matches()) {
                String from = dependency.group(1);
                String to = dependency.group(2);
                if (from.startsWith("dev.catalog.") || OPTIONAL.keySet().stream().noneMatch(to::startsWith)) {
                    missing.add(from + " -> " + to);
                }
            }
        }
        assertEquals(List.of(), missing, "classes the Lambda artifact refers to but does not contain (a dependency in test scope?)");
    }

    @Test
    void containsNoLocalOnlyCode() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        try (ZipFile jar = new ZipFile(ARTIFACT.toFile())) {
            jar.stream().forEach(entry -> LOCAL_ONLY.stream().filter(entry.getName()::startsWith).forEach(found::add));
            assertTrue(jar.getEntry("dev/catalog/intake/CreateProductHandler.class") != null, "the handlers are missing");
        }
        assertEquals(new TreeSet<>(), found, "local-only code in the Lambda artifact");
    }

    private static String jdeps(String... arguments) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), arguments);
        assertEquals(0, status, "jdeps failed: " + err);
        return out.toString();
    }
}
