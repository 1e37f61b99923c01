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
        return violations;
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
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            String roleId = function.at("/Properties/Role/Fn::GetAtt/0").asText();
            JsonNode role = resources.path(roleId);
            for (JsonNode policy : role.at("/Properties/Policies")) {
                for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                    if (!"Allow".equals(statement.path("Effect").asText())) {
                        continue;
                    }
                    for (String action : textValues(statement.path("Action"))) {
                        if (action.equals("*") || action.endsWith(":*")) {
                            violations.add("role " + roleId + " of function " + id + " allows wildcard action " + action);
                        }
                    }
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
