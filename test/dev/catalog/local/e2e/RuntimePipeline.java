package dev.catalog.local.e2e;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.aws.sns.OutboxMessage;
import dev.catalog.local.harness.chaos.Faults;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The pipeline as the local runtime drives it: its pollers, HTTP routing and authorizer run the
 * functions, against its embedded services or against an emulator started before it (closed
 * after it).
 */
public final class RuntimePipeline implements PipelineUnderTest {
    /** Failed messages come back after 1 s instead of the queues' visibility timeouts (up to 120 s). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final String backend;
    private final LocalRuntime runtime;
    private final Faults faults;
    private final AutoCloseable emulator;
    private final Supplier<Optional<List<OutboxMessage>>> emulatorOutbox;

    /** A pipeline whose email and SMS, if any, the emulator delivers where the tests cannot see them. */
    public RuntimePipeline(String backend, LocalRuntime runtime, Faults faults, AutoCloseable emulator) {
        this(backend, runtime, faults, emulator, Optional::empty);
    }

    /** A pipeline on an external SNS whose email and SMS the tests can read from {@code emulatorOutbox}. */
    /** @param faults the faults {@code runtime} was started with ({@code LocalOptions.withFaults}) */
    public RuntimePipeline(String backend, LocalRuntime runtime, Faults faults, AutoCloseable emulator,
                           Supplier<Optional<List<OutboxMessage>>> emulatorOutbox) {
        this.backend = backend;
        this.runtime = runtime;
        this.faults = faults;
        this.emulator = emulator;
        this.emulatorOutbox = emulatorOutbox;
    }

    /** The options every backend starts the runtime with: a free API port and fast retries. */
    public static LocalOptions testOptions() {
        return LocalOptions.defaults().withApiPort(0).withRetryDelay(RETRY_DELAY);
    }

    /** The first tier: the runtime's own embedded services. */
    public static RuntimePipeline embedded() throws Exception {
        Faults faults = new Faults();
        return new RuntimePipeline("embedded", LocalRuntime.start(testOptions().withFaults(faults)), faults, () -> { });
    }

    /**
     * The embedded services with every function run from the packaged artifact, as Lambda runs it:
     * the jar that would be deployed, started through AWS's runtime interface client.
     */
    public static RuntimePipeline lambdaRuntime() throws Exception {
        Faults faults = new Faults();
        return new RuntimePipeline("lambda-runtime",
                LocalRuntime.start(testOptions().withFunctionMode(LocalOptions.FunctionMode.LAMBDA_RUNTIME).withFaults(faults)), faults, () -> { });
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public URI apiBaseUri() {
        return runtime.apiBaseUri();
    }

    @Override
    public String token(String role) {
        return runtime.tokens().get(role);
    }

    @Override
    public SnsClient sns() {
        return runtime.clients().sns();
    }

    @Override
    public SqsClient sqs() {
        return runtime.sqs();
    }

    @Override
    public S3Client s3() {
        return runtime.clients().s3();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return runtime.clients().dynamoDb();
    }

    @Override
    public DataSource database(String name) {
        return runtime.database(name);
    }

    @Override
    public Faults faults() {
        return faults;
    }

    @Override
    public List<Invocation> invocations() {
        return runtime.invocations();
    }

    @Override
    public Optional<List<OutboxMessage>> operatorNotifications() {
        return runtime.sns() != null ? Optional.of(runtime.sns().outbox()) : emulatorOutbox.get();
    }

    /** Also fails when a function made an AWS call that src/main/aws-calls.json does not list. */
    @Override
    public void close() {
        try {
            ListedAwsCalls.assertEveryCallListed(runtime);
        } finally {
            stop();
        }
    }

    private void stop() {
        try {
            runtime.close();
        } finally {
            try {
                emulator.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the " + backend + " emulator failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return backend;
    }
}
