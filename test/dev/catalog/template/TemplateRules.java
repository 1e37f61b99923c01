package dev.catalog.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural rules every slice of the packaged CloudFormation template must keep. Each violation
 * names the logical id of the offending resource.
 */
final class TemplateRules {
    private final JsonNode resources;

    TemplateRules(JsonNode template) {
        this.resources = template.path("Resources");
    }

    List<String> violations() {
        List<String> violations = new ArrayList<>();
        violations.addAll(workQueuesWithoutRedrivePolicy());
        violations.addAll(functionsWithoutTheirOwnRole());
        violations.addAll(functionRolesWithWildcardActions());
        violations.addAll(functionRolesWithWildcardResources());
        violations.addAll(routesWithoutJwtAuthorizer());
        violations.addAll(queueTriggersWithoutPartialBatchResponses());
        violations.addAll(queuesHidingMessagesTooBriefly());
        violations.addAll(unencryptedStores());
        return violations;
    }

    /** Actions that AWS only authorises on {@code Resource: '*'}. */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL = Set.of("cloudwatch:PutMetricData", "xray:PutTraceSegments",
            "xray:PutTelemetryRecords");

    /** Every statement names the resources it applies to, except for actions AWS allows only on '*'. */
    List<String> functionRolesWithWildcardResources() {
        List<String> violations = new ArrayList<>();
        forEachFunctionStatement((functionId, roleId, statement) -> {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                return;
            }
            boolean wildcard = textValues(statement.path("Resource")).contains("*");
            if (wildcard && !ACTIONS_WITHOUT_RESOURCE_LEVEL.containsAll(textValues(statement.path("Action")))) {
                violations.add("role " + roleId + " of function " + functionId + " allows " + textValues(statement.path("Action"))
                        + " on every resource");
            }
        });
        return violations;
    }

    /** No HTTP route is reachable without a verified token. */
    List<String> routesWithoutJwtAuthorizer() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            if (!"JWT".equals(route.at("/Properties/AuthorizationType").asText())) {
                violations.add("route " + id + " (" + route.at("/Properties/RouteKey").asText() + ") has no JWT authorizer");
            }
        });
        return violations;
    }

    /** Every SQS trigger reports partial batch failures, so one bad message never retries its batch. */
    List<String> queueTriggersWithoutPartialBatchResponses() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::Lambda::EventSourceMapping").forEach((id, mapping) -> {
            if (!textValues(mapping.at("/Properties/FunctionResponseTypes")).contains("ReportBatchItemFailures")) {
                violations.add("event source mapping " + id + " does not report batch item failures");
            }
        });
        return violations;
    }

    /**
     * A queue's visibility timeout is at least six times its function's timeout (AWS's advice), so a
     * batch still being processed, or retried by Lambda, is never handed to a second invocation.
     */
    List<String> queuesHidingMessagesTooBriefly() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::Lambda::EventSourceMapping").forEach((id, mapping) -> {
            String queueId = mapping.at("/Properties/EventSourceArn/Fn::GetAtt/0").asText();
            String functionId = mapping.at("/Properties/FunctionName/Fn::GetAtt/0").asText();
            JsonNode queue = resources.path(queueId);
            JsonNode function = resources.path(functionId);
            if (!"AWS::SQS::Queue".equals(queue.path("Type").asText()) || function.isMissingNode()) {
                return;
            }
            int visibility = queue.at("/Properties/VisibilityTimeout").asInt(30);
            int timeout = function.at("/Properties/Timeout").asInt(6);
            if (visibility < 6 * timeout) {
                violations.add("queue " + queueId + " has VisibilityTimeout " + visibility + " s, less than six times the "
                        + timeout + " s timeout of function " + functionId);
            }
        });
        return violations;
    }

    /** Queues, tables and buckets are encrypted at rest; buckets block public access. */
    List<String> unencryptedStores() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            if (!queue.at("/Properties/SqsManagedSseEnabled").asBoolean(false) && queue.at("/Properties/KmsMasterKeyId").isMissingNode()) {
                violations.add("queue " + id + " is not encrypted (SqsManagedSseEnabled or KmsMasterKeyId)");
            }
        });
        ofType("AWS::DynamoDB::Table").forEach((id, table) -> {
            if (!table.at("/Properties/SSESpecification/SSEEnabled").asBoolean(false)) {
                violations.add("table " + id + " is not encrypted with a KMS key (SSESpecification.SSEEnabled)");
            }
        });
        ofType("AWS::S3::Bucket").forEach((id, bucket) -> {
            if (id.equals("ServerlessDeploymentBucket")) {
                return; // the framework's own artifact bucket, configured by osls
            }
            if (bucket.at("/Properties/BucketEncryption").isMissingNode()) {
                violations.add("bucket " + id + " has no default encryption");
            }
            JsonNode block = bucket.at("/Properties/PublicAccessBlockConfiguration");
            for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                if (!block.path(setting).asBoolean(false)) {
                    violations.add("bucket " + id + " does not set " + setting);
                }
            }
        });
        return violations;
    }

    private interface StatementVisitor {
        void visit(String functionId, String roleId, JsonNode statement);
    }

    private void forEachFunctionStatement(StatementVisitor visitor) {
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            String roleId = function.at("/Properties/Role/Fn::GetAtt/0").asText();
            for (JsonNode policy : resources.path(roleId).at("/Properties/Policies")) {
                for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                    visitor.visit(id, roleId, statement);
                }
            }
        });
    }

    /** Every queue that is not itself a dead-letter queue must send poison messages to one. */
    List<String> workQueuesWithoutRedrivePolicy() {
        Set<String> deadLetterQueues = new HashSet<>();
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            JsonNode target = queue.at("/Properties/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0");
            if (target.isTextual()) {
                deadLetterQueues.add(target.asText());
            }
        });
        List<String> violations = new ArrayList<>();
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            if (!deadLetterQueues.contains(id) && queue.at("/Properties/RedrivePolicy").isMissingNode()) {
                violations.add("queue " + id + " has no RedrivePolicy (and is no queue's dead-letter queue)");
            }
        });
        return violations;
    }

    /** Every function runs with an IAM role of its own, never one shared with another function. */
    List<String> functionsWithoutTheirOwnRole() {
        Map<String, String> functionByRole = new HashMap<>();
        List<String> violations = new ArrayList<>();
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode role = function.at("/Properties/Role/Fn::GetAtt/0");
            if (!role.isTextual() || !"AWS::IAM::Role".equals(resources.path(role.asText()).path("Type").asText())) {
                violations.add("function " + id + " does not use an IAM role declared in the template");
                return;
            }
            String other = functionByRole.putIfAbsent(role.asText(), id);
            if (other != null) {
                violations.add("function " + id + " shares role " + role.asText() + " with function " + other);
            }
        });
        return violations;
    }

    /** No function role grants every action, or every action of a service. */
    List<String> functionRolesWithWildcardActions() {
        List<String> violations = new ArrayList<>();
        forEachFunctionStatement((functionId, roleId, statement) -> {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                return;
            }
            for (String action : textValues(statement.path("Action"))) {
                if (action.equals("*") || action.endsWith(":*")) {
                    violations.add("role " + roleId + " of function " + functionId + " allows wildcard action " + action);
                }
            }
        });
        return violations;
    }

    private Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> matching = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = resources.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> resource = fields.next();
            if (type.equals(resource.getValue().path("Type").asText())) {
                matching.put(resource.getKey(), resource.getValue());
            }
        }
        return matching;
    }

    private static List<String> textValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(element -> {
            if (element.isTextual()) {
                values.add(element.asText());
            }
        });
        return values;
    }
}
