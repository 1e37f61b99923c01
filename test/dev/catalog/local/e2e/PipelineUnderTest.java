package dev.catalog.local.e2e;

import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.aws.sns.OutboxMessage;
import dev.catalog.local.harness.chaos.Faults;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the end-to-end suites need of a running pipeline, whichever emulator stands in for AWS:
 * the suites are written once against this and run on every backend (the embedded services of the
 * local runtime, or LocalStack in a container).
 */
public interface PipelineUnderTest extends AutoCloseable {

    /** A short name for reports: {@code embedded}, {@code localstack}. */
    String backend();

    /** Where the HTTP API answers. */
    URI apiBaseUri();

    /** A bearer token the API's authorizer accepts, for {@code viewer}, {@code editor} or {@code admin}. */
    String token(String role);

    SnsClient sns();

    SqsClient sqs();

    S3Client s3();

    DynamoDbClient dynamoDb();

    /** A superuser data source on one of the databases the declared Aurora clusters created. */
    DataSource database(String name);

    /** Failures to inject into the functions' triggers. */
    Faults faults();

    /** Every function invocation so far, in order. */
    List<Invocation> invocations();

    /**
     * The email and SMS the pipeline has sent so far (alarm notifications, for example), when the
     * backend can observe them; empty when the emulator delivers them itself.
     */
    Optional<List<OutboxMessage>> operatorNotifications();

    @Override
    void close();
}
