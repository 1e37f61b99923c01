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
        violations.addAll(unencryptedTopics());
        violations.addAll(deadLetterQueuesWithoutDepthAlarm());
        violations.addAll(workQueuesWithoutAgeAlarm());
        violations.addAll(functionsWithoutErrorAndThrottleAlarms());
        violations.addAll(alarmsNotNotifyingTheAlertsTopic());
        violations.addAll(alertsTopicsCloudWatchCannotPublishTo());
        violations.addAll(queuesOpenToAnySender());
        violations.addAll(functionsWithoutSnapStart());
        violations.addAll(vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
        return violations;
    }

    /** The topic every alarm notifies (email and SMS from stage parameters). */
    static final String ALERTS_TOPIC = "AlertsTopic";

    /** The one action functions may allow on {@code Resource: '*'} (AWS has no resource-level permission for it). */
    private static final String PUT_METRIC_DATA = "cloudwatch:PutMetricData";

    /**
     * Every statement names the resources it applies to. The only exception is
     * {@code cloudwatch:PutMetricData}, which AWS authorises on '*' alone: it must stand alone in its
     * statement and be narrowed to the catalog's namespace with a {@code cloudwatch:namespace} condition.
     */
    List<String> functionRolesWithWildcardResources() {
        List<String> violations = new ArrayList<>();
        forEachFunctionStatement((functionId, roleId, statement) -> {
            if (!"Allow".equals(statement.path("Effect").asText()) || !textValues(statement.path("Resource")).contains("*")) {
                return;
            }
            List<String> actions = textValues(statement.path("Action"));
            if (!actions.stream().allMatch(PUT_METRIC_DATA::equals)) {
                violations.add("role " + roleId + " of function " + functionId + " allows " + actions + " on every resource");
            } else if (statement.at("/Condition/StringEquals/cloudwatch:namespace").isMissingNode()
                    && statement.at("/Condition/StringLike/cloudwatch:namespace").isMissingNode()) {
                violations.add("role " + roleId + " of function " + functionId + " allows " + PUT_METRIC_DATA
                        + " without a cloudwatch:namespace condition");
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
            String functionId = functionIdOf(mapping.at("/Properties/FunctionName"));
            JsonNode queue = resources.path(queueId);
            JsonNode function = resources.path(functionId);
            if (!"AWS::SQS::Queue".equals(queue.path("Type").asText())) {
                return;
            }
            if (function.isMissingNode()) {
                violations.add("event source mapping " + id + " does not name a function of the template");
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

    /**
     * The function a mapping or integration invokes: {@code Fn::GetAtt [F, Arn]}, or, with SnapStart,
     * {@code Fn::Join [':', [{Fn::GetAtt [F, Arn]}, alias]]}.
     */
    private static String functionIdOf(JsonNode functionName) {
        if (functionName.has("Fn::GetAtt")) {
            return functionName.at("/Fn::GetAtt/0").asText();
        }
        for (JsonNode part : functionName.at("/Fn::Join/1")) {
            if (part.has("Fn::GetAtt")) {
                return part.at("/Fn::GetAtt/0").asText();
            }
        }
        return "";
    }

    /** SNS topics are encrypted at rest (KmsMasterKeyId). */
    List<String> unencryptedTopics() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::SNS::Topic").forEach((id, topic) -> {
            if (topic.at("/Properties/KmsMasterKeyId").isMissingNode()) {
                violations.add("topic " + id + " is not encrypted (KmsMasterKeyId)");
            }
        });
        return violations;
    }

    /** A message in any dead-letter queue raises an alarm (depth of at least one message). */
    List<String> deadLetterQueuesWithoutDepthAlarm() {
        List<String> violations = new ArrayList<>();
        for (String queueId : deadLetterQueues()) {
            boolean alarmed = alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName").stream()
                    .filter(alarm -> queueId.equals(alarm.at("/Properties/Dimensions/0/Value/Fn::GetAtt/0").asText()))
                    .anyMatch(TemplateRules::firesOnOne);
            if (!alarmed) {
                violations.add("dead-letter queue " + queueId + " has no alarm on ApproximateNumberOfMessagesVisible >= 1");
            }
        }
        return violations;
    }

    /** A work queue whose consumer falls behind raises an alarm on the age of its oldest message. */
    List<String> workQueuesWithoutAgeAlarm() {
        List<String> violations = new ArrayList<>();
        Set<String> alarmed = new HashSet<>();
        alarmsOn("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName")
                .forEach(alarm -> alarmed.add(alarm.at("/Properties/Dimensions/0/Value/Fn::GetAtt/0").asText()));
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            if (!deadLetterQueues().contains(id) && !alarmed.contains(id)) {
                violations.add("work queue " + id + " has no alarm on ApproximateAgeOfOldestMessage");
            }
        });
        return violations;
    }

    /** Every function raises an alarm when an invocation fails and when it is throttled. */
    List<String> functionsWithoutErrorAndThrottleAlarms() {
        List<String> violations = new ArrayList<>();
        for (String metric : List.of("Errors", "Throttles")) {
            Set<String> alarmed = new HashSet<>();
            alarmsOn("AWS/Lambda", metric, "FunctionName").forEach(alarm -> {
                JsonNode value = alarm.at("/Properties/Dimensions/0/Value");
                alarmed.add(value.isTextual() ? value.asText() : value.path("Ref").asText());
            });
            ofType("AWS::Lambda::Function").forEach((id, function) -> {
                String name = function.at("/Properties/FunctionName").asText();
                if (!alarmed.contains(name) && !alarmed.contains(id)) {
                    violations.add("function " + id + " has no " + metric + " alarm (AWS/Lambda, FunctionName " + name + ")");
                }
            });
        }
        return violations;
    }

    /** Every alarm notifies the alerts topic, and nothing else, whenever it acts. */
    List<String> alarmsNotNotifyingTheAlertsTopic() {
        List<String> violations = new ArrayList<>();
        ofType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            JsonNode actions = alarm.at("/Properties/AlarmActions");
            if (actions.isMissingNode() || actions.isEmpty()) {
                violations.add("alarm " + id + " has no AlarmActions");
            }
            for (String property : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
                for (JsonNode action : alarm.at("/Properties/" + property)) {
                    if (!ALERTS_TOPIC.equals(action.path("Ref").asText())) {
                        violations.add("alarm " + id + ": " + property + " notify " + action + ", not " + ALERTS_TOPIC);
                    }
                }
            }
        });
        return violations;
    }

    /**
     * CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key: the alerts topic
     * uses a key of the template whose policy lets {@code cloudwatch.amazonaws.com} use it.
     */
    List<String> alertsTopicsCloudWatchCannotPublishTo() {
        List<String> violations = new ArrayList<>();
        JsonNode topic = resources.path(ALERTS_TOPIC);
        if (!"AWS::SNS::Topic".equals(topic.path("Type").asText())) {
            if (!ofType("AWS::CloudWatch::Alarm").isEmpty()) {
                violations.add("the alarms' topic " + ALERTS_TOPIC + " is not declared");
            }
            return violations;
        }
        String keyId = topic.at("/Properties/KmsMasterKeyId/Ref").asText();
        JsonNode key = resources.path(keyId);
        if (!"AWS::KMS::Key".equals(key.path("Type").asText())) {
            violations.add("topic " + ALERTS_TOPIC + " is not encrypted with a customer-managed key of the template (CloudWatch cannot use "
                    + topic.at("/Properties/KmsMasterKeyId") + ")");
            return violations;
        }
        boolean cloudWatchMayUse = false;
        for (JsonNode statement : key.at("/Properties/KeyPolicy/Statement")) {
            List<String> actions = textValues(statement.path("Action"));
            if ("Allow".equals(statement.path("Effect").asText())
                    && textValues(statement.at("/Principal/Service")).contains("cloudwatch.amazonaws.com")
                    && actions.contains("kms:Decrypt") && actions.stream().anyMatch(action -> action.startsWith("kms:GenerateDataKey"))) {
                cloudWatchMayUse = true;
            }
        }
        if (!cloudWatchMayUse) {
            violations.add("key " + keyId + " of topic " + ALERTS_TOPIC
                    + " does not allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*");
        }
        return violations;
    }

    /**
     * Every work queue has a queue policy, and every policy lets only a named service send, from one
     * source (an {@code aws:SourceArn} condition). Dead-letter queues need none: SQS moves messages
     * into them itself, and no one else may send.
     */
    List<String> queuesOpenToAnySender() {
        List<String> violations = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        ofType("AWS::SQS::QueuePolicy").forEach((id, policy) -> {
            policy.at("/Properties/Queues").forEach(queue -> covered.add(queue.path("Ref").asText()));
            for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    continue;
                }
                JsonNode principal = statement.path("Principal");
                boolean sourceNamed = !statement.at("/Condition/ArnEquals/aws:SourceArn").isMissingNode()
                        || !statement.at("/Condition/ArnLike/aws:SourceArn").isMissingNode();
                if (principal.isTextual() || !principal.has("Service") || !sourceNamed) {
                    violations.add("queue policy " + id + " allows " + textValues(statement.path("Action"))
                            + " without a service principal and an aws:SourceArn condition");
                }
            }
        });
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            if (!deadLetterQueues().contains(id) && !covered.contains(id)) {
                violations.add("work queue " + id + " has no queue policy naming who may send to it");
            }
        });
        return violations;
    }

    /** Every function restores from a SnapStart snapshot (the CRaC priming hooks run before it is taken). */
    List<String> functionsWithoutSnapStart() {
        List<String> violations = new ArrayList<>();
        Set<String> customResourceFunctions = customResourceFunctions();
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            if (customResourceFunctions.contains(id)) {
                return; // run once per deploy by CloudFormation: no caller waits for its cold start
            }
            if (!"PublishedVersions".equals(function.at("/Properties/SnapStart/ApplyOn").asText())) {
                violations.add("function " + id + " does not enable SnapStart (SnapStart.ApplyOn: PublishedVersions)");
            }
        });
        return violations;
    }

    /**
     * Functions that serve custom resources (their ARN is a {@code ServiceToken}) and nothing else:
     * no event source mapping, route or other permission to invoke them.
     */
    private Set<String> customResourceFunctions() {
        Set<String> serving = new HashSet<>();
        resources.fields().forEachRemaining(entry -> {
            String type = entry.getValue().path("Type").asText();
            if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
                JsonNode target = entry.getValue().at("/Properties/ServiceToken/Fn::GetAtt/0");
                if (target.isTextual()) {
                    serving.add(target.asText());
                }
            }
        });
        resources.fields().forEachRemaining(entry -> {
            String type = entry.getValue().path("Type").asText();
            String function = switch (type) {
                case "AWS::Lambda::EventSourceMapping" -> entry.getValue().at("/Properties/FunctionName/Fn::GetAtt/0").asText(null);
                case "AWS::Lambda::Permission" -> entry.getValue().at("/Properties/FunctionName/Fn::GetAtt/0").asText(null);
                default -> null;
            };
            if (function != null) {
                serving.remove(function);
            }
        });
        return serving;
    }

    /**
     * AWS services the functions call themselves (not the Lambda service on their behalf, as for
     * logs and queue polling), and the kind of VPC endpoint that reaches each: S3 through a gateway
     * endpoint (a route, no hourly charge), SNS and Secrets Manager through interface endpoints with private DNS.
     */
    private static final Map<String, String> ENDPOINT_TYPE_BY_SERVICE = Map.of("s3", "Gateway", "sns", "Interface",
            "secretsmanager", "Interface");

    /**
     * The VPC has no NAT gateway: a function in it whose role allows actions of such a service reaches
     * it only through a VPC endpoint of the template, of the right kind and attached to the network
     * (route tables for a gateway, subnets and private DNS for an interface).
     */
    List<String> vpcFunctionsWithoutEndpointsForTheServicesTheyCall() {
        Map<String, List<String>> reachable = new HashMap<>();
        ofType("AWS::EC2::VPCEndpoint").forEach((id, endpoint) -> {
            String service = endpointService(endpoint.at("/Properties/ServiceName"));
            String type = endpoint.at("/Properties/VpcEndpointType").asText("Gateway");
            boolean attached = type.equals("Gateway")
                    ? !endpoint.at("/Properties/RouteTableIds").isEmpty()
                    : !endpoint.at("/Properties/SubnetIds").isEmpty() && endpoint.at("/Properties/PrivateDnsEnabled").asBoolean(false);
            if (attached) {
                reachable.computeIfAbsent(service, ignored -> new ArrayList<>()).add(type);
            }
        });
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> servicesByFunction = new java.util.TreeMap<>();
        forEachFunctionStatement((functionId, roleId, statement) -> {
            if (resources.path(functionId).at("/Properties/VpcConfig").isMissingNode() || !"Allow".equals(statement.path("Effect").asText())) {
                return;
            }
            for (String action : textValues(statement.path("Action"))) {
                String service = action.substring(0, Math.max(0, action.indexOf(':')));
                if (ENDPOINT_TYPE_BY_SERVICE.containsKey(service)) {
                    servicesByFunction.computeIfAbsent(functionId, ignored -> new java.util.TreeSet<>()).add(service);
                }
            }
        });
        servicesByFunction.forEach((functionId, services) -> services.forEach(service -> {
            String type = ENDPOINT_TYPE_BY_SERVICE.get(service);
            if (!reachable.getOrDefault(service, List.of()).contains(type)) {
                violations.add("function " + functionId + " runs in the VPC and calls " + service + ", but the template has no " + service
                        + " " + type + " endpoint attached to the private network");
            }
        }));
        return violations;
    }

    /** {@code s3} of {@code com.amazonaws.<region>.s3}, written out or as {@code Fn::Join} / {@code Fn::Sub}. */
    private static String endpointService(JsonNode serviceName) {
        String text;
        if (serviceName.isTextual()) {
            text = serviceName.asText();
        } else if (serviceName.has("Fn::Sub")) {
            text = serviceName.path("Fn::Sub").isTextual() ? serviceName.path("Fn::Sub").asText() : serviceName.at("/Fn::Sub/0").asText();
        } else {
            JsonNode parts = serviceName.at("/Fn::Join/1");
            text = parts.isArray() && parts.size() > 0 ? parts.get(parts.size() - 1).asText("") : "";
        }
        return text.substring(text.lastIndexOf('.') + 1);
    }

    private Set<String> deadLetterQueues() {
        Set<String> deadLetterQueues = new HashSet<>();
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            JsonNode target = queue.at("/Properties/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0");
            if (target.isTextual()) {
                deadLetterQueues.add(target.asText());
            }
        });
        return deadLetterQueues;
    }

    private List<JsonNode> alarmsOn(String namespace, String metric, String dimension) {
        return ofType("AWS::CloudWatch::Alarm").values().stream()
                .filter(alarm -> namespace.equals(alarm.at("/Properties/Namespace").asText())
                        && metric.equals(alarm.at("/Properties/MetricName").asText())
                        && dimension.equals(alarm.at("/Properties/Dimensions/0/Name").asText()))
                .toList();
    }

    /** True when the alarm goes off as soon as the metric reaches one. */
    private static boolean firesOnOne(JsonNode alarm) {
        double threshold = alarm.at("/Properties/Threshold").asDouble(Double.NaN);
        return switch (alarm.at("/Properties/ComparisonOperator").asText()) {
            case "GreaterThanOrEqualToThreshold" -> threshold <= 1;
            case "GreaterThanThreshold" -> threshold < 1;
            default -> false;
        };
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
        Set<String> deadLetterQueues = deadLetterQueues();
        List<String> violations = new ArrayList<>();
        ofType("AWS::SQS::Queue").forEach((id, queue) -> {
            if (!deadLetterQueues.contains(id) && queue.at("/Properties/RedrivePolicy").isMissingNode()) {
                violations.add("queue " + id + " has no RedrivePolicy (and is no queue's dead-letter queue)");
            } else if (!queue.at("/Properties/RedrivePolicy").isMissingNode()
                    && queue.at("/Properties/RedrivePolicy/maxReceiveCount").asInt(0) < 1) {
                violations.add("queue " + id + " has a RedrivePolicy without maxReceiveCount");
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
