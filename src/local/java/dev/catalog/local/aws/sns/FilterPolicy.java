package dev.catalog.local.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An SNS subscription filter policy: validated when parsed (as SNS validates it on
 * Subscribe/SetSubscriptionAttributes) and evaluated against a message's attributes or its
 * JSON body, depending on the policy scope.
 *
 * <p>Semantics follow the SNS documentation: all keys must match (AND), any value in a key's
 * list may match (OR), {@code $or} joins alternative sub-policies, arrays (String.Array
 * attributes, arrays in the body) match when an element matches, and {@code anything-but}
 * requires that no element is excluded.
 */
public final class FilterPolicy {

    /** Where the policy looks: the message attributes (SNS default) or the JSON message body. */
    public enum Scope {
        MESSAGE_ATTRIBUTES("MessageAttributes"),
        MESSAGE_BODY("MessageBody");

        private final String attributeValue;

        Scope(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        /** The value of the {@code FilterPolicyScope} subscription attribute. */
        public String attributeValue() {
            return attributeValue;
        }

        /** Reads a {@code FilterPolicyScope} attribute; absent means MessageAttributes, as in SNS. */
        public static Scope fromAttributeValue(String value) {
            if (value == null || value.isEmpty()) {
                return MESSAGE_ATTRIBUTES;
            }
            for (Scope scope : values()) {
                if (scope.attributeValue.equals(value)) {
                    return scope;
                }
            }
            throw new InvalidFilterPolicyException(
                    "FilterPolicyScope: Invalid value [" + value + "]. Please use either MessageBody or MessageAttributes");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POLICY_BYTES = 256 * 1024;
    private static final int MAX_KEYS = 5;
    private static final int MAX_COMBINATIONS = 150;
    private static final BigDecimal NUMERIC_LIMIT = new BigDecimal("1000000000");

    private final Scope scope;
    private final Clause root;

    private FilterPolicy(Scope scope, Clause root) {
        this.scope = scope;
        this.root = root;
    }

    /** Parses a policy in the default scope (message attributes). */
    public static FilterPolicy parse(String policyJson) {
        return parse(policyJson, Scope.MESSAGE_ATTRIBUTES);
    }

    /** Parses and validates a policy; throws {@link InvalidFilterPolicyException} when SNS would refuse it. */
    public static FilterPolicy parse(String policyJson, Scope scope) {
        if (policyJson == null || policyJson.isBlank()) {
            throw new InvalidFilterPolicyException("FilterPolicy: policy is empty");
        }
        if (policyJson.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw new InvalidFilterPolicyException("FilterPolicy: policy is larger than 256 KB");
        }
        JsonNode document;
        try {
            document = JSON.readTree(policyJson);
        } catch (JsonProcessingException e) {
            throw new InvalidFilterPolicyException("FilterPolicy: failed to parse JSON: " + e.getOriginalMessage());
        }
        if (document == null || !document.isObject()) {
            throw new InvalidFilterPolicyException("FilterPolicy: policy must be a JSON object");
        }
        if (document.isEmpty()) {
            throw new InvalidFilterPolicyException("FilterPolicy: policy must contain at least one key");
        }
        Clause root = new Parser(scope).object(document, List.of());
        checkComplexity(root);
        return new FilterPolicy(scope, root);
    }

    public Scope scope() {
        return scope;
    }

    /** Evaluates the policy in its own scope against a published message. */
    public boolean matches(Map<String, MessageAttribute> attributes, String body) {
        return scope == Scope.MESSAGE_BODY ? matchesBody(body) : matchesAttributes(attributes);
    }

    public boolean matchesAttributes(Map<String, MessageAttribute> attributes) {
        Map<String, MessageAttribute> present = attributes == null ? Map.of() : attributes;
        return root.matches(path -> path.size() == 1 ? attributeValues(present.get(path.get(0))) : null);
    }

    /** A body that is not a JSON object matches no policy, as in SNS. */
    public boolean matchesBody(String body) {
        JsonNode document;
        try {
            document = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (document == null || !document.isObject()) {
            return false;
        }
        return root.matches(path -> bodyValues(document, path));
    }

    // ---- value lookup -------------------------------------------------------------------

    /** Null when the attribute is absent; otherwise the values it offers to match against. */
    private static List<JsonNode> attributeValues(MessageAttribute attribute) {
        if (attribute == null) {
            return null;
        }
        String type = attribute.dataType();
        if (type.startsWith("Number")) {
            try {
                return List.of(DecimalNode.valueOf(new BigDecimal(attribute.stringValue().trim())));
            } catch (RuntimeException e) {
                return List.of();
            }
        }
        if (type.equals("String.Array")) {
            try {
                JsonNode array = JSON.readTree(attribute.stringValue());
                List<JsonNode> values = new ArrayList<>();
                if (array != null && array.isArray()) {
                    array.forEach(element -> values.add(numbersAsDecimal(element)));
                }
                return values;
            } catch (JsonProcessingException e) {
                return List.of();
            }
        }
        if (type.startsWith("String")) {
            return List.of(TextNode.valueOf(attribute.stringValue()));
        }
        // Binary attributes exist (for "exists") but offer nothing to compare with.
        return List.of();
    }

    private static List<JsonNode> bodyValues(JsonNode document, List<String> path) {
        List<JsonNode> current = List.of(document);
        for (String key : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                collectChild(node, key, next);
            }
            if (next.isEmpty()) {
                return null;
            }
            current = next;
        }
        List<JsonNode> leaves = new ArrayList<>();
        for (JsonNode node : current) {
            collectLeaves(node, leaves);
        }
        // "exists" only ever sees leaf values, so a key holding only an object counts as absent.
        return leaves.isEmpty() ? null : leaves;
    }

    private static void collectChild(JsonNode node, String key, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> collectChild(element, key, into));
        } else if (node.isObject() && node.has(key)) {
            into.add(node.get(key));
        }
    }

    private static void collectLeaves(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> collectLeaves(element, into));
        } else if (!node.isObject()) {
            into.add(numbersAsDecimal(node));
        }
    }

    private static JsonNode numbersAsDecimal(JsonNode node) {
        return node.isNumber() ? DecimalNode.valueOf(node.decimalValue()) : node;
    }

    // ---- model --------------------------------------------------------------------------

    /** Looks up the values at a key path: null when absent. */
    private interface Lookup extends Function<List<String>, List<JsonNode>> {}

    private sealed interface Clause permits AllOf, AnyOf, KeyRule {
        boolean matches(Lookup lookup);
    }

    private record AllOf(List<Clause> clauses) implements Clause {
        public boolean matches(Lookup lookup) {
            return clauses.stream().allMatch(clause -> clause.matches(lookup));
        }
    }

    private record AnyOf(List<Clause> clauses) implements Clause {
        public boolean matches(Lookup lookup) {
            return clauses.stream().anyMatch(clause -> clause.matches(lookup));
        }
    }

    private record KeyRule(List<String> path, List<Condition> conditions) implements Clause {
        public boolean matches(Lookup lookup) {
            List<JsonNode> values = lookup.apply(path);
            for (Condition condition : conditions) {
                if (condition instanceof Exists exists) {
                    if (exists.present() == (values != null)) {
                        return true;
                    }
                } else if (values != null && condition instanceof AnythingBut anythingBut) {
                    if (!values.isEmpty() && values.stream().noneMatch(anythingBut::excludes)) {
                        return true;
                    }
                } else if (values != null && values.stream().anyMatch(condition::matches)) {
                    return true;
                }
            }
            return false;
        }
    }

    private sealed interface Condition permits Exact, Prefix, Suffix, EqualsIgnoreCase, AnythingBut, Numeric, Exists {
        boolean matches(JsonNode value);
    }

    /** A literal: strings match strings, numbers match numbers numerically, true/false/null match themselves. */
    private record Exact(JsonNode expected) implements Condition {
        public boolean matches(JsonNode value) {
            if (expected.isNumber()) {
                return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            return expected.equals(value);
        }
    }

    private record Prefix(String prefix) implements Condition {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().startsWith(prefix);
        }
    }

    private record Suffix(String suffix) implements Condition {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().endsWith(suffix);
        }
    }

    private record EqualsIgnoreCase(String expected) implements Condition {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().equalsIgnoreCase(expected);
        }
    }

    /** Matches when no value is excluded; the exclusion is a literal list, a prefix or a suffix. */
    private record AnythingBut(List<Condition> excluded) implements Condition {
        public boolean matches(JsonNode value) {
            return !excludes(value);
        }

        boolean excludes(JsonNode value) {
            return excluded.stream().anyMatch(condition -> condition.matches(value));
        }
    }

    private record Bound(String operator, BigDecimal limit) {
        boolean accepts(BigDecimal value) {
            int comparison = value.compareTo(limit);
            return switch (operator) {
                case "=" -> comparison == 0;
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case ">" -> comparison > 0;
                case ">=" -> comparison >= 0;
                default -> throw new IllegalStateException(operator);
            };
        }
    }

    private record Numeric(List<Bound> bounds) implements Condition {
        public boolean matches(JsonNode value) {
            return value.isNumber() && bounds.stream().allMatch(bound -> bound.accepts(value.decimalValue()));
        }
    }

    private record Exists(boolean present) implements Condition {
        public boolean matches(JsonNode value) {
            return present;
        }
    }

    // ---- parsing and validation ---------------------------------------------------------

    private record Parser(Scope scope) {

        Clause object(JsonNode object, List<String> prefix) {
            List<Clause> clauses = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("$or")) {
                    clauses.add(alternatives(value, prefix));
                } else if (value.isArray()) {
                    clauses.add(new KeyRule(append(prefix, key), conditions(key, value)));
                } else if (value.isObject()) {
                    if (scope == Scope.MESSAGE_ATTRIBUTES) {
                        throw new InvalidFilterPolicyException(
                                "FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy (key \"" + key + "\")");
                    }
                    if (value.isEmpty()) {
                        throw new InvalidFilterPolicyException("FilterPolicy: \"" + key + "\" must not be an empty object");
                    }
                    clauses.add(object(value, append(prefix, key)));
                } else {
                    throw new InvalidFilterPolicyException(
                            "FilterPolicy: \"" + key + "\" must be an object or an array of match values");
                }
            }
            return clauses.size() == 1 ? clauses.get(0) : new AllOf(List.copyOf(clauses));
        }

        private Clause alternatives(JsonNode value, List<String> prefix) {
            if (!value.isArray() || value.size() < 2) {
                throw new InvalidFilterPolicyException("FilterPolicy: \"$or\" must be an array of at least two objects");
            }
            List<Clause> alternatives = new ArrayList<>();
            for (JsonNode alternative : value) {
                if (!alternative.isObject() || alternative.isEmpty()) {
                    throw new InvalidFilterPolicyException("FilterPolicy: every \"$or\" alternative must be a non-empty object");
                }
                alternatives.add(object(alternative, prefix));
            }
            return new AnyOf(List.copyOf(alternatives));
        }

        private List<Condition> conditions(String key, JsonNode values) {
            if (values.isEmpty()) {
                throw new InvalidFilterPolicyException("FilterPolicy: Empty arrays are not allowed (key \"" + key + "\")");
            }
            List<Condition> conditions = new ArrayList<>();
            for (JsonNode value : values) {
                if (value.isObject()) {
                    conditions.add(operator(value));
                } else if (value.isArray()) {
                    throw new InvalidFilterPolicyException(
                            "FilterPolicy: Match value must be String, number, true, false, or null (key \"" + key + "\")");
                } else {
                    conditions.add(new Exact(literal(value)));
                }
            }
            return List.copyOf(conditions);
        }

        private JsonNode literal(JsonNode value) {
            if (value.isNumber()) {
                return DecimalNode.valueOf(number(value, "numeric value"));
            }
            return value;
        }

        private Condition operator(JsonNode expression) {
            if (expression.size() != 1) {
                throw new InvalidFilterPolicyException(
                        "FilterPolicy: a match expression must have exactly one operator, found " + expression.size());
            }
            Map.Entry<String, JsonNode> only = expression.fields().next();
            String operator = only.getKey();
            JsonNode operand = only.getValue();
            return switch (operator) {
                case "prefix" -> new Prefix(text(operand, "prefix"));
                case "suffix" -> new Suffix(text(operand, "suffix"));
                case "equals-ignore-case" -> new EqualsIgnoreCase(text(operand, "equals-ignore-case"));
                case "exists" -> {
                    if (!operand.isBoolean()) {
                        throw new InvalidFilterPolicyException("FilterPolicy: exists match pattern must be either true or false.");
                    }
                    yield new Exists(operand.booleanValue());
                }
                case "numeric" -> numeric(operand);
                case "anything-but" -> anythingBut(operand);
                default -> throw new InvalidFilterPolicyException("FilterPolicy: Unrecognized match type " + operator);
            };
        }

        private Condition anythingBut(JsonNode operand) {
            if (operand.isTextual() || operand.isNumber()) {
                return new AnythingBut(List.of(new Exact(literal(operand))));
            }
            if (operand.isArray()) {
                if (operand.isEmpty()) {
                    throw new InvalidFilterPolicyException("FilterPolicy: anything-but list must not be empty");
                }
                List<Condition> excluded = new ArrayList<>();
                for (JsonNode value : operand) {
                    if (!value.isTextual() && !value.isNumber()) {
                        throw new InvalidFilterPolicyException(
                                "FilterPolicy: Inside anything but list, only strings and numbers are supported");
                    }
                    excluded.add(new Exact(literal(value)));
                }
                return new AnythingBut(List.copyOf(excluded));
            }
            if (operand.isObject() && operand.size() == 1) {
                Map.Entry<String, JsonNode> inner = operand.fields().next();
                switch (inner.getKey()) {
                    case "prefix":
                        return new AnythingBut(List.of(new Prefix(text(inner.getValue(), "anything-but prefix"))));
                    case "suffix":
                        return new AnythingBut(List.of(new Suffix(text(inner.getValue(), "anything-but suffix"))));
                    case "equals-ignore-case":
                        return new AnythingBut(List.of(new EqualsIgnoreCase(text(inner.getValue(), "anything-but equals-ignore-case"))));
                    default:
                        throw new InvalidFilterPolicyException(
                                "FilterPolicy: Unsupported anything-but pattern: " + inner.getKey());
                }
            }
            throw new InvalidFilterPolicyException(
                    "FilterPolicy: anything-but must be a string, a number, a list of them, or a prefix/suffix object");
        }

        private Condition numeric(JsonNode operand) {
            if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0) {
                throw new InvalidFilterPolicyException(
                        "FilterPolicy: numeric must be an array of operator and value pairs, e.g. [\">\", 0, \"<=\", 150]");
            }
            if (operand.size() > 4) {
                throw new InvalidFilterPolicyException("FilterPolicy: Too many elements in numeric expression");
            }
            List<Bound> bounds = new ArrayList<>();
            for (int i = 0; i < operand.size(); i += 2) {
                JsonNode operator = operand.get(i);
                if (!operator.isTextual() || !Set.of("=", "<", "<=", ">", ">=").contains(operator.textValue())) {
                    throw new InvalidFilterPolicyException("FilterPolicy: Unrecognized numeric range operator: " + operator);
                }
                bounds.add(new Bound(operator.textValue(), number(operand.get(i + 1), "Value of " + operator.textValue())));
            }
            if (bounds.size() == 2) {
                Bound lower = bounds.get(0);
                Bound upper = bounds.get(1);
                if (!lower.operator().startsWith(">") || !upper.operator().startsWith("<")) {
                    throw new InvalidFilterPolicyException(
                            "FilterPolicy: a numeric range must be a lower bound (> or >=) followed by an upper bound (< or <=)");
                }
                if (lower.limit().compareTo(upper.limit()) >= 0) {
                    throw new InvalidFilterPolicyException("FilterPolicy: Bottom must be less than top");
                }
            }
            return new Numeric(List.copyOf(bounds));
        }

        private static BigDecimal number(JsonNode value, String what) {
            if (!value.isNumber()) {
                throw new InvalidFilterPolicyException("FilterPolicy: " + what + " must be numeric");
            }
            BigDecimal number = value.decimalValue();
            if (number.abs().compareTo(NUMERIC_LIMIT) > 0) {
                throw new InvalidFilterPolicyException(
                        "FilterPolicy: numeric values must be between -1000000000 and 1000000000, found " + number.toPlainString());
            }
            return number;
        }

        private static String text(JsonNode value, String operator) {
            if (!value.isTextual()) {
                throw new InvalidFilterPolicyException("FilterPolicy: " + operator + " match pattern must be a string");
            }
            return value.textValue();
        }

        private static List<String> append(List<String> prefix, String key) {
            List<String> path = new ArrayList<>(prefix);
            path.add(key);
            return List.copyOf(path);
        }
    }

    /** One way the policy can be satisfied after expanding $or: how many keys, how many value combinations. */
    private record Alternative(int keys, long combinations) {}

    private static void checkComplexity(Clause root) {
        List<Alternative> alternatives = alternatives(root);
        long total = 0;
        for (Alternative alternative : alternatives) {
            if (alternative.keys() > MAX_KEYS) {
                throw new InvalidFilterPolicyException("FilterPolicy: Filter policy can not have more than 5 keys");
            }
            total += alternative.combinations();
        }
        if (total > MAX_COMBINATIONS) {
            throw new InvalidFilterPolicyException(
                    "FilterPolicy: Filter policy is too complex (" + total + " value combinations, at most 150)");
        }
    }

    private static List<Alternative> alternatives(Clause clause) {
        if (clause instanceof KeyRule rule) {
            return List.of(new Alternative(1, rule.conditions().size()));
        }
        if (clause instanceof AnyOf anyOf) {
            List<Alternative> all = new ArrayList<>();
            anyOf.clauses().forEach(alternative -> all.addAll(alternatives(alternative)));
            return all;
        }
        List<Alternative> product = List.of(new Alternative(0, 1));
        for (Clause part : ((AllOf) clause).clauses()) {
            List<Alternative> next = new ArrayList<>();
            for (Alternative left : product) {
                for (Alternative right : alternatives(part)) {
                    next.add(new Alternative(left.keys() + right.keys(),
                            Math.min(Long.MAX_VALUE / 1024, left.combinations() * right.combinations())));
                }
            }
            product = next;
        }
        return product;
    }
}
