package dev.catalog.local.e2e;

import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.chaos.Faults;
import dev.catalog.local.runtime.clients.ExternalServices;
import java.util.Optional;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * The second tier: LocalStack in a container answers for SNS, SQS, S3 and DynamoDB, while the
 * runtime's own pollers, HTTP routing and JWT authorizer drive the handlers against it and an
 * embedded PostgreSQL stands in for Aurora. What passes here passes on an emulator the project
 * did not write.
 */
public final class LocalStackPipeline {
    /** The one place the LocalStack version is chosen; bump it deliberately. */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.5");
    /** Recent LocalStack images refuse to start without it; never logged. */
    private static final String AUTH_TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";

    private LocalStackPipeline() {
    }

    /** Starts LocalStack, then the runtime against it; stops the container if the runtime fails to start. */
    public static PipelineUnderTest start() throws Exception {
        LocalStackContainer localStack = new LocalStackContainer(IMAGE).withServices(Service.SNS, Service.SQS, Service.S3, Service.DYNAMODB);
        // Test code reads the environment here only: the token is LocalStack's, not the pipeline's setting.
        Optional.ofNullable(System.getenv(AUTH_TOKEN_VARIABLE)).filter(token -> !token.isBlank())
                .ifPresent(token -> localStack.withEnv(AUTH_TOKEN_VARIABLE, token));
        localStack.start();
        try {
            Faults faults = new Faults();
            LocalRuntime runtime = LocalRuntime.start(RuntimePipeline.testOptions().withFaults(faults),
                    ExternalServices.allAt(localStack.getEndpoint()));
            return new RuntimePipeline("localstack", runtime, faults, localStack::stop);
        } catch (Exception | Error e) {
            localStack.stop();
            throw e;
        }
    }
}
