package dev.catalog.architecture;

import com.tngtech.archunit.ArchConfiguration;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.catalog.config.FunctionEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house, checked on the compiled production classes (src/main; the local runtime
 * and the tests are compiled elsewhere and not imported), so that a change that breaks the shape
 * fails the build instead of waiting for a reviewer.
 */
class ArchitectureTest {
    private static final JavaClasses PRODUCTION = production();
    /** Adapters are named after their technology ({@code JdbcProductStore}, {@code DynamoDbProductViews}, ...). */
    private static final Pattern ADAPTER_NAME = Pattern.compile("(Jdbc|DynamoDb|S3|Sns|SecretsManager|Flyway)[A-Z]\\w*");
    /** Packages every feature builds on; what they hold is infrastructure, not another feature's adapter. */
    private static final Set<String> SHARED_PACKAGES = Set.of("dev.catalog.aws", "dev.catalog.config", "dev.catalog.db",
            "dev.catalog.http", "dev.catalog.internal", "dev.catalog.metrics", "dev.catalog.queue", "dev.catalog.messaging");
    private static final int MAX_HANDLER_CODE_LINES = 80;

    @Test
    void productionNeverImportsTheLocalRuntime() {
        noClasses().that().resideOutsideOfPackage("dev.catalog.local..")
                .should().dependOnClassesThat().resideInAPackage("dev.catalog.local..")
                .as("production code (dev.catalog outside dev.catalog.local) never imports local code")
                .check(PRODUCTION);
        noClasses().should().resideInAPackage("dev.catalog.local..")
                .as("the local runtime is not part of the production sources (src/main)")
                .check(PRODUCTION);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("dev.catalog.(**)").should().beFreeOfCycles()
                .as("no package cycle in src/main")
                .check(PRODUCTION);
    }

    @Test
    void handlersDependOnPortsNotOnAnotherFeaturesAdapters() {
        ArchRule rule = classes().that().haveSimpleNameEndingWith("Handler")
                .should(new ArchCondition<JavaClass>("depend on ports, not on adapters of another feature") {
                    @Override
                    public void check(JavaClass handler, ConditionEvents events) {
                        handler.getDirectDependenciesFromSelf().stream()
                                .filter(dependency -> isAdapterOfAnotherFeature(handler, dependency.getTargetClass()))
                                .forEach(dependency -> events.add(SimpleConditionEvent.violated(dependency, describe(dependency))));
                    }
                });
        rule.check(PRODUCTION);
    }

    @Test
    void everyHandlerHasLambdasConstructorOneTakingItsDependenciesAndAFactoryForTheLocalRuntime() {
        classes().that().haveSimpleNameEndingWith("Handler")
                .should(new ArchCondition<JavaClass>("have exactly two constructors (no arguments; its dependencies) and a static "
                        + "from(FunctionEnvironment)") {
                    @Override
                    public void check(JavaClass handler, ConditionEvents events) {
                        Set<JavaConstructor> constructors = handler.getConstructors();
                        boolean lambdas = constructors.stream().anyMatch(constructor -> constructor.getRawParameterTypes().isEmpty()
                                && constructor.getModifiers().contains(JavaModifier.PUBLIC));
                        boolean factory = handler.tryGetMethod("from", FunctionEnvironment.class)
                                .filter(method -> method.getModifiers().contains(JavaModifier.STATIC)
                                        && method.getRawReturnType().equals(handler))
                                .isPresent();
                        if (constructors.size() != 2 || !lambdas || !factory) {
                            events.add(SimpleConditionEvent.violated(handler, handler.getName() + " has " + constructors.size()
                                    + " constructors" + (lambdas ? "" : ", none public without arguments")
                                    + (factory ? "" : ", no static from(FunctionEnvironment) returning it")));
                        }
                    }
                }).check(PRODUCTION);
    }

    @Test
    void noHandlerHasMoreThanEightyCodeLines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> tooLong = sources.filter(path -> path.getFileName().toString().endsWith("Handler.java"))
                    .filter(path -> codeLines(path) > MAX_HANDLER_CODE_LINES)
                    .map(path -> path + " has " + codeLines(path) + " code lines").sorted().toList();
            assertEquals(List.of(), tooLong, "a handler turns the event into a domain call and the result back; at most "
                    + MAX_HANDLER_CODE_LINES + " code lines (not blank, not comment)");
        }
    }

    /**
     * The classes src/main compiles to. Their dependencies on other classes (the SDK, the local
     * runtime) are kept by name without reading those classes: the rules only need the names, and
     * resolving them from the class path would take half a minute.
     */
    private static JavaClasses production() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    private static boolean isAdapterOfAnotherFeature(JavaClass handler, JavaClass target) {
        String targetPackage = target.getPackageName();
        return targetPackage.startsWith("dev.catalog.") && !targetPackage.equals(handler.getPackageName())
                && !SHARED_PACKAGES.contains(targetPackage) && ADAPTER_NAME.matcher(target.getSimpleName()).matches();
    }

    private static String describe(Dependency dependency) {
        return dependency.getDescription() + ": reach another feature through its port, not its adapter";
    }

    /** Lines that are neither blank nor comment ({@code //}, or inside a block comment or javadoc). */
    static int codeLines(Path source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int count = 0;
        boolean inComment = false;
        for (String line : lines) {
            String text = line.strip();
            if (inComment) {
                int end = text.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                inComment = false;
                text = text.substring(end + 2).strip();
            }
            if (text.startsWith("/*")) {
                inComment = !text.contains("*/");
                continue;
            }
            if (!text.isEmpty() && !text.startsWith("//")) {
                count++;
            }
        }
        return count;
    }
}
