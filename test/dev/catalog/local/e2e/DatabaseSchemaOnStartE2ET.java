package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.cloudformation.CustomResourceFailedException;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.UnsupportedConfigurationException;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.runtime.provision.ResourceProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every start applies the schema through the deploy path: the runtime creates the
 * {@code DatabaseSchema} custom resource by a CloudFormation-shaped request to {@code migrateDatabase}
 * (in-process, and from the packaged artifact through AWS's runtime interface client), which reads
 * the admin secret from the runtime's Secrets Manager and answers at the runtime's ResponseURL.
 */
class DatabaseSchemaOnStartE2ET {
    private static final String LINE = "DatabaseSchema: 4 migrations applied, schema version 4, by migrateDatabase (custom resource Create)";

    @ParameterizedTest
    @EnumSource(LocalOptions.FunctionMode.class)
    void everyStartAppliesTheSchemaThroughTheCustomResourceAndSaysSo(LocalOptions.FunctionMode mode) throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withoutHotReload().withFunctionMode(mode))) {
            assertEquals(List.of(LINE), runtime.customResourceLines());
            List<Invocation> migrations = runtime.invocations().stream().filter(invocation -> invocation.function().equals("migrateDatabase")).toList();
            assertEquals(1, migrations.size(), migrations.toString());
            assertEquals("cloudformation", migrations.get(0).trigger());
            assertEquals("ok", migrations.get(0).outcome());
            try (Connection connection = runtime.database("catalog").getConnection();
                 ResultSet row = connection.createStatement().executeQuery(
                         "SELECT to_regclass('public.products') IS NOT NULL, (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'catalog_app')")) {
                assertTrue(row.next());
                assertTrue(row.getBoolean(1), "products");
                assertTrue(row.getBoolean(2), "catalog_app logs in");
            }
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(runtime.apiBaseUri() + "/_local/status")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode page = new ObjectMapper().readTree(status.body());
            assertEquals(LINE, page.at("/customResources/0").asText(), status.body());
            ListedAwsCalls.assertEveryCallListed(runtime);
        }
    }

    @Test
    void aCustomResourceAnsweringFailedStopsStartUpWithItsReason() {
        CustomResourceFailedException failure = assertThrows(CustomResourceFailedException.class, () -> LocalRuntime.start(
                LocalOptions.defaults().withApiPort(0).withoutHotReload().withServerlessYml(Path.of("test/fixtures/customresource/serverless.yml"))
                        .withFunctionMode(LocalOptions.FunctionMode.IN_PROCESS)).close());
        assertTrue(failure.getMessage().startsWith("custom resource DatabaseSchema (Custom::DatabaseSchema) failed: Status FAILED: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("no_such_database"), failure.getMessage());
    }

    @Test
    void aServiceTokenThatIsNoFunctionOfTheServiceIsAnUnsupportedConstruct() throws Exception {
        ServerlessConfig config = ServerlessConfig.load(Path.of("test/fixtures/customresource-foreign/serverless.yml"), Optional.empty(),
                Optional.empty(), "000000000000");
        UnsupportedConfigurationException failure = assertThrows(UnsupportedConfigurationException.class,
                () -> new ResourceProvisioner(config, null, null, null, null, null).provisionAll());
        assertTrue(failure.getMessage().contains("NotAFunction") && failure.getMessage().contains("Properties.ServiceToken"), failure.getMessage());
    }
}
