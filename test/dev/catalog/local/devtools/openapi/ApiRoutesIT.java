package dev.catalog.local.devtools.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every route of the API that {@code osls package} puts in the CloudFormation template (the
 * {@code httpApi} events of the slices) is described in the OpenAPI document, as the operation of
 * the function it invokes, behind the JWT authorizer; and the document describes nothing else.
 */
class ApiRoutesIT {
    private static final Path TEMPLATE = Path.of(".serverless/cloudformation-template-update-stack.json");

    @Test
    void describesEveryDeployedRouteAndNothingElse() throws Exception {
        JsonNode resources = new ObjectMapper().readTree(TEMPLATE.toFile()).path("Resources");
        Map<String, String> deployed = new TreeMap<>();
        resources.properties().forEach(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (resource.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                assertEquals("JWT", properties.path("AuthorizationType").asText(), properties.path("RouteKey").asText());
                deployed.put(properties.path("RouteKey").asText(), functionOf(resources, properties));
            }
        });

        Map<String, String> described = new TreeMap<>();
        ApiContract.of(Path.of(".")).operations().forEach(operation -> described.put(
                operation.getHttpMethod().name() + " " + operation.getOpenAPIPath(), operation.getOperationId()));

        assertEquals(deployed, described, "routes in the template (route → function) vs the OpenAPI document (route → operationId)");
    }

    /** The short name of the function behind a route: its integration's Lambda function, without catalog-dev-. */
    private static String functionOf(JsonNode resources, JsonNode route) {
        String integration = route.path("Target").path("Fn::Join").path(1).path(1).path("Ref").asText();
        // Fn::GetAtt [<Function>LambdaFunction, Arn], inside a join with the snapstart alias where SnapStart is on.
        String function = resources.path(integration).path("Properties").path("IntegrationUri").findValue("Fn::GetAtt").path(0).asText();
        return resources.path(function).path("Properties").path("FunctionName").asText().replaceFirst("^catalog-dev-", "");
    }
}
