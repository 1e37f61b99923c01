package dev.catalog.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the local runtime (src/local/java), as rules: the AWS stand-ins stand alone, nothing
 * in src/local knows the harness (src/harness/java), and no two packages import each other, even
 * through others.
 */
class LocalArchitectureTest {
    private static final String STAND_INS = "dev.catalog.local.aws..";
    private static final String RUNTIME = "dev.catalog.local.runtime..";
    private static final String HARNESS = "dev.catalog.local.harness..";

    private static JavaClasses localRuntime;

    @BeforeAll
    static void importSourceFolder() {
        // The compile output only, and classes outside it known by name: the rules are about packages,
        // and reading the SDK's classes from the class path took most of a minute.
        localRuntime = ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter()
                    .withImportOption(new CompiledFrom(Path.of("src/local/java")))
                    .importPath(Path.of("target", "test-classes"));
        });
    }

    @Test
    void theAwsStandInsNeverImportTheRuntime() {
        noClasses().that().resideInAPackage(STAND_INS)
                .should().dependOnClassesThat().resideInAPackage(RUNTIME)
                .because("a stand-in behaves as its AWS service does, whoever runs it; the runtime wires it in")
                .check(localRuntime);
    }

    @Test
    void nothingInTheLocalRuntimeImportsTheHarness() {
        noClasses().should().dependOnClassesThat().resideInAPackage(HARNESS)
                .because("benchmarks, chaos and fuzz reach the runtime through its options (LocalOptions.withFaults) only")
                .check(localRuntime);
    }

    @Test
    void noPackageOfTheLocalRuntimeIsInACycle() {
        slices().matching("dev.catalog.local.(**)").should().beFreeOfCycles().check(localRuntime);
    }

    /**
     * Tests, the harness and the runtime are compiled into the same directory: this keeps the
     * classes whose source is in {@code sourceFolder} (a nested class by its outer class's file).
     */
    private record CompiledFrom(Path sourceFolder) implements ImportOption {
        private static final String CLASSES = "/test-classes/";

        @Override
        public boolean includes(Location location) {
            String uri = location.asURI().toString();
            int classes = uri.indexOf(CLASSES);
            if (classes < 0 || !uri.endsWith(".class")) {
                return false;
            }
            String name = uri.substring(classes + CLASSES.length(), uri.length() - ".class".length());
            int nested = name.indexOf('$');
            return Files.exists(sourceFolder.resolve((nested < 0 ? name : name.substring(0, nested)) + ".java"));
        }
    }
}
