package dev.catalog.local.devtools.openapi;

import dev.catalog.local.aws.apigateway.AnswerObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every answer the local HTTP API sends on a route against the OpenAPI document (status,
 * declared headers, content type, body) and remembers each one that is not as described. The
 * end-to-end suites turn it on ({@value #PROPERTY}=true, set by failsafe), so any answer a suite
 * receives that the document does not describe fails that suite when its runtime closes.
 *
 * <p>Answers to paths no route matches are API Gateway's own 404/413/503 and outside the document.
 */
public final class ApiConformance implements AnswerObserver {
    /** The system property that turns the check on. */
    public static final String PROPERTY = "catalog.checkApiContract";
    private static final Logger LOG = LoggerFactory.getLogger(ApiConformance.class);
    private static final long CHECKS_GRACE_SECONDS = 60;
    /** Each project's document, read once per JVM: building the validator takes a second. */
    private static final Map<Path, ApiContract> CONTRACTS = new ConcurrentHashMap<>();

    private final ApiContract contract;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "api-conformance");
        thread.setDaemon(true);
        return thread;
    });

    /** Checks against the document of the project in {@code projectDir} (its openapi.yml and handlers/*.openapi.yml). */
    public ApiConformance(Path projectDir) {
        this.contract = CONTRACTS.computeIfAbsent(projectDir.toAbsolutePath().normalize(), ApiContract::of);
    }

    /** Whether this JVM checks the answers ({@code -Dcatalog.checkApiContract=true}). */
    public static boolean required() {
        return Boolean.getBoolean(PROPERTY);
    }

    @Override
    public void answered(SentAnswer answer) {
        if (answer.routeKey().isEmpty()) {
            return;
        }
        checked.incrementAndGet();
        // Off the request thread: the check never slows the API the suites measure and wait on.
        checks.execute(() -> check(answer));
    }

    private void check(SentAnswer answer) {
        contract.violation(answer.routeKey().get(), answer.status(), answer.headers(), answer.body()).ifPresent(violation -> {
            String described = answer.method() + " " + answer.rawPath() + ": " + violation;
            LOG.error("answer not as the OpenAPI document describes it: {}", described);
            violations.add(described);
        });
    }

    /** @throws AnswersNotAsDescribedException naming each answer that was not as described */
    public void failIfAnyWasNotAsDescribed() {
        checks.shutdown();
        try {
            if (!checks.awaitTermination(CHECKS_GRACE_SECONDS, TimeUnit.SECONDS)) {
                violations.add("the checks of some answers did not finish in " + CHECKS_GRACE_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} answers checked against the OpenAPI document, {} not as described", checked.get(), violations.size());
        if (!violations.isEmpty()) {
            throw new AnswersNotAsDescribedException(violations.size() + " of " + checked.get()
                    + " answers were not as the OpenAPI document describes them:\n  " + String.join("\n  ", violations));
        }
    }

    /** At least one answer of the API was not as its OpenAPI document describes. */
    public static final class AnswersNotAsDescribedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        AnswersNotAsDescribedException(String message) {
            super(message);
        }
    }
}
