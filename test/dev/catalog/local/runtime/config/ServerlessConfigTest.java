package dev.catalog.local.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The project's own serverless.yml, resolved as the Serverless Framework would. */
class ServerlessConfigTest {
    private static final Path PROJECT = Path.of("serverless.yml");

    @Test
    void resolvesStageRegionAndParamsWithTheirDefaults() {
        ServerlessConfig config = ServerlessConfig.load(PROJECT, Optional.empty(), Optional.empty(), "000000000000");

        assertEquals("dev", config.stage());
        assertEquals("eu-west-1", config.region());
        assertEquals(Map.of("CATALOG_STAGE", "dev", "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"),
                config.provider().get("environment"));
        assertEquals("catalog-alerts@example.com",
                config.resources().get("AlertsEmailSubscription").value().get("Properties") instanceof Map<?, ?> properties
                        ? properties.get("Endpoint") : null);
    }

    @Test
    void stageOptionSelectsThatStagesParams() {
        ServerlessConfig config = ServerlessConfig.load(PROJECT, Optional.of("prod"), Optional.of("us-west-2"), "000000000000");

        assertEquals("prod", config.stage());
        assertEquals("us-west-2", config.region());
        Map<?, ?> properties = (Map<?, ?>) config.resources().get("AlertsSmsSubscription").value().get("Properties");
        assertEquals("+15555550199", properties.get("Endpoint"));
        Map<?, ?> queue = (Map<?, ?>) config.resources().get("JournalQueue").value().get("Properties");
        assertEquals("catalog-prod-journal", queue.get("QueueName"));
    }

    @Test
    void remembersTheSliceFileOfEveryFunctionAndResource() {
        ServerlessConfig config = ServerlessConfig.load(PROJECT, Optional.empty(), Optional.empty(), "000000000000");

        assertEquals("handlers/journal.yml", config.functions().get("journalWriter").file());
        assertEquals("functions.journalWriter", config.functions().get("journalWriter").key());
        assertEquals("handlers/messaging.yml", config.resources().get("CommandsTopic").file());
        assertEquals("resources.Resources.CommandsTopic", config.resources().get("CommandsTopic").key());
    }

    @Test
    void readsCloudFormationShortFormTagsAsTheirLongForm() {
        ServerlessConfig config = ServerlessConfig.load(PROJECT, Optional.empty(), Optional.empty(), "000000000000");

        Map<?, ?> queue = (Map<?, ?>) config.resources().get("JournalQueue").value().get("Properties");
        assertEquals(Map.of("Fn::GetAtt", List.of("JournalDeadLetterQueue", "Arn")),
                ((Map<?, ?>) queue.get("RedrivePolicy")).get("deadLetterTargetArn"));
        Map<?, ?> bucket = (Map<?, ?>) config.resources().get("DocumentsBucket").value().get("Properties");
        assertEquals(Map.of("Fn::Join", List.of("-", List.of("catalog", "dev", Map.of("Ref", "AWS::AccountId"), "documents"))),
                bucket.get("BucketName"));
    }

    /** SHA-256 uses the CPU's SHA instructions only through C2: the upload processor must not inherit C1 only. */
    @Test
    void uploadProcessorKeepsTheFullTieredJit() {
        ServerlessConfig config = ServerlessConfig.load(PROJECT, Optional.empty(), Optional.empty(), "000000000000");

        Object options = YamlValues.map(config.functions().get("uploadProcessor").value().get("environment")).get("JAVA_TOOL_OPTIONS");

        assertEquals("-XX:+TieredCompilation", options);
    }
}
