package dev.catalog.local.runtime.provision;

import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the CloudFormation intrinsic functions the templates use ({@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split})
 * and the pseudo parameters, against resources as they exist locally. Any other function stops
 * start-up with the file and key that use it.
 */
final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> pseudoParameters;
    private final Function<String, ProvisionedResource> resourceByLogicalId;

    /** @param resourceByLogicalId provisions the referenced resource on first reference; null if undeclared */
    Intrinsics(String region, String accountId, String stackName, Function<String, ProvisionedResource> resourceByLogicalId) {
        this.pseudoParameters = Map.of(
                "AWS::Region", region,
                "AWS::AccountId", accountId,
                "AWS::Partition", "aws",
                "AWS::StackName", stackName,
                "AWS::URLSuffix", "amazonaws.com");
        this.resourceByLogicalId = resourceByLogicalId;
    }

    /** Evaluates every intrinsic inside {@code value}; {@code key} locates it within {@code where}. */
    Object evaluate(Object value, Located where, String key) {
        if (value instanceof List<?> list) {
            List<Object> evaluated = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                evaluated.add(evaluate(list.get(i), where, key + "[" + i + "]"));
            }
            return evaluated;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (map.size() == 1) {
            String name = String.valueOf(map.keySet().iterator().next());
            Object argument = map.values().iterator().next();
            if (name.equals("Ref") || name.startsWith("Fn::")) {
                return function(name, argument, where, key + "." + name);
            }
        }
        Map<String, Object> evaluated = new LinkedHashMap<>();
        map.forEach((name, inner) -> evaluated.put(String.valueOf(name), evaluate(inner, where, key + "." + name)));
        return evaluated;
    }

    /** Evaluates and requires a string result. */
    String text(Object value, Located where, String key) {
        Object evaluated = evaluate(value, where, key);
        if (evaluated instanceof Map<?, ?> || evaluated instanceof List<?>) {
            throw where.unsupported(key, "expected a string, found " + evaluated);
        }
        return evaluated == null ? null : String.valueOf(evaluated);
    }

    private Object function(String name, Object argument, Located where, String key) {
        switch (name) {
            case "Ref":
                return ref(String.valueOf(argument), where, key);
            case "Fn::GetAtt": {
                List<?> parts = argument instanceof List<?> list ? list : List.of(String.valueOf(argument).split("\\.", 2));
                return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), where, key);
            }
            case "Fn::Join": {
                List<?> parts = (List<?>) argument;
                String delimiter = String.valueOf(parts.get(0));
                List<String> values = new ArrayList<>();
                for (Object element : (List<?>) evaluate(parts.get(1), where, key)) {
                    values.add(String.valueOf(element));
                }
                return String.join(delimiter, values);
            }
            case "Fn::Sub":
                return substitute(argument, where, key);
            case "Fn::Select": {
                List<?> parts = (List<?>) argument;
                int index = Integer.parseInt(String.valueOf(evaluate(parts.get(0), where, key)));
                return ((List<?>) evaluate(parts.get(1), where, key)).get(index);
            }
            case "Fn::Split": {
                List<?> parts = (List<?>) argument;
                return List.of(text(parts.get(1), where, key).split(Pattern.quote(String.valueOf(parts.get(0))), -1));
            }
            default:
                throw where.unsupported(key, "intrinsic function " + name + " is not supported by the local runtime");
        }
    }

    private String ref(String name, Located where, String key) {
        String pseudo = pseudoParameters.get(name);
        if (pseudo != null) {
            return pseudo;
        }
        return resource(name, where, key).ref();
    }

    private String attribute(String logicalId, String attributeName, Located where, String key) {
        ProvisionedResource resource = resource(logicalId, where, key);
        String value = resource.attributes().get(attributeName);
        if (value == null) {
            throw where.unsupported(key, "attribute " + attributeName + " of " + resource.type() + " " + logicalId + " is not available locally");
        }
        return value;
    }

    private ProvisionedResource resource(String logicalId, Located where, String key) {
        ProvisionedResource resource = resourceByLogicalId.apply(logicalId);
        if (resource == null) {
            throw where.unsupported(key, "refers to " + logicalId + ", which no file declares");
        }
        return resource;
    }

    private String substitute(Object argument, Located where, String key) {
        String template;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            template = String.valueOf(list.get(0));
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) evaluate(list.get(1), where, key);
            variables = given;
        } else {
            template = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            String value;
            if (variables.containsKey(variable)) {
                value = String.valueOf(variables.get(variable));
            } else if (variable.contains(".") && !pseudoParameters.containsKey(variable)) {
                String[] parts = variable.split("\\.", 2);
                value = attribute(parts[0], parts[1], where, key);
            } else {
                value = ref(variable, where, key);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString().replace("${!", "${");
    }
}
