package dev.catalog.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.UnsupportedConfigurationException;
import dev.catalog.local.runtime.provision.ResourceProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever the runtime cannot emulate stops start-up with the file and the key that use it. */
class UnsupportedConstructsTest {
    private static final Path FIXTURE = Path.of("test/fixtures/unsupported");

    private static final String KAFKA_EVENT = "      - kafka:                      # unsupported event type\n          topic: products\n";
    private static final String KINESIS_STREAM = "    Stream:\n      Type: AWS::Kinesis::Stream    # unsupported resource type\n"
            + "      Properties:\n        ShardCount: 1\n";
    private static final String QUEUE_WITH_IMPORT = "    Queue:\n      Type: AWS::SQS::Queue\n      Properties:\n"
            + "        QueueName: !ImportValue shared-queue-name   # unsupported intrinsic\n";

    @TempDir
    Path service;

    @Test
    void namesFileAndKeyOfAnUnsupportedVariableSource() {
        var error = assertThrows(UnsupportedConfigurationException.class, () -> load(FIXTURE.resolve("serverless.yml")));

        assertEquals("serverless.yml: provider.environment.HOME_DIRECTORY: variable source 'env:HOME' is not supported by the local runtime",
                error.getMessage());
    }

    @Test
    void namesFileAndKeyOfAnUnsupportedEventType() throws Exception {
        ServerlessConfig config = load(withoutEnvVariable());

        var error = assertThrows(UnsupportedConfigurationException.class, () -> FunctionEvents.check(config));

        assertEquals("handlers/stream.yml: functions.consumer.events[0].kafka: event type 'kafka' is not supported by the local runtime",
                error.getMessage());
    }

    @Test
    void namesFileAndKeyOfAnUnsupportedResourceType() throws Exception {
        Path file = withoutEnvVariable();
        editSlice(file, QUEUE_WITH_IMPORT, "");

        var error = assertThrows(UnsupportedConfigurationException.class,
                () -> new ResourceProvisioner(load(file), null, null, null, null, null).provisionAll());

        assertEquals("handlers/stream.yml: resources.Resources.Stream.Type: resource type AWS::Kinesis::Stream cannot be emulated by the local runtime",
                error.getMessage());
    }

    @Test
    void namesFileAndKeyOfAnUnsupportedIntrinsicFunction() throws Exception {
        Path file = withoutEnvVariable();
        editSlice(file, KINESIS_STREAM, "");

        var error = assertThrows(UnsupportedConfigurationException.class,
                () -> new ResourceProvisioner(load(file), null, null, null, null, null).provisionAll());

        assertEquals("handlers/stream.yml: resources.Resources.Queue.Properties.QueueName.Fn::ImportValue: "
                + "intrinsic function Fn::ImportValue is not supported by the local runtime", error.getMessage());
    }

    @Test
    void rejectsCronSchedules() throws Exception {
        Path file = withoutEnvVariable();
        editSlice(file, KAFKA_EVENT, "      - schedule: cron(0 12 * * ? *)\n");

        var error = assertThrows(UnsupportedConfigurationException.class, () -> FunctionEvents.check(load(file)));

        assertEquals("handlers/stream.yml: functions.consumer.events[0].schedule: only rate(N unit) schedules run locally, not cron(0 12 * * ? *)",
                error.getMessage());
    }

    @Test
    void rejectsEventSettingsItCannotHonour() throws Exception {
        Path file = withoutEnvVariable();
        editSlice(file, KAFKA_EVENT, "      - sqs:\n          arn: arn:aws:sqs:us-east-1:000000000000:q\n          filterPatterns: []\n");

        var error = assertThrows(UnsupportedConfigurationException.class, () -> FunctionEvents.check(load(file)));

        assertEquals("handlers/stream.yml: functions.consumer.events[0].sqs.filterPatterns: sqs event setting is not supported by the local runtime",
                error.getMessage());
    }

    private static void editSlice(Path serverlessYml, String declared, String replacement) throws Exception {
        Path slice = serverlessYml.resolveSibling("handlers/stream.yml");
        String text = Files.readString(slice);
        if (!text.contains(declared)) {
            throw new AssertionError("fixture changed: " + declared);
        }
        Files.writeString(slice, text.replace(declared, replacement));
    }

    private Path withoutEnvVariable() throws Exception {
        Files.createDirectories(service.resolve("handlers"));
        Files.writeString(service.resolve("serverless.yml"),
                Files.readString(FIXTURE.resolve("serverless.yml")).replace("${env:HOME}", "/home/local"));
        Files.copy(FIXTURE.resolve("handlers/stream.yml"), service.resolve("handlers/stream.yml"));
        return service.resolve("serverless.yml");
    }

    private static ServerlessConfig load(Path file) {
        return ServerlessConfig.load(file, Optional.empty(), Optional.empty(), LocalRuntime.LOCAL_ACCOUNT_ID);
    }
}
