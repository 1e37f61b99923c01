package dev.catalog.local.aws.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The identity-based statements of one role and how IAM decides a request against them: an explicit
 * {@code Deny} that matches wins, then any matching {@code Allow}, otherwise the request is implicitly
 * denied. Actions match without regard to case, resources with it; both take the {@code *} and
 * {@code ?} wildcards. Conditions: the string, ARN, {@code Bool} and {@code Null} operators, with
 * {@code IfExists}; values of one key are alternatives, keys and operators must all hold. Anything
 * else is refused when the policy is read (an unknown operator must not silently allow), so the
 * runtime's start-up names it. Agreement with an evaluator not written here is proven by
 * {@code IamEvaluatorAgreementIT} on every row of {@code src/main/aws-calls.json}.
 */
public final class IamPolicy {
    /** IAM's three outcomes, spelled as {@code @cloud-copilot/iam-simulate} reports them. */
    public enum Decision {
        Allowed, ExplicitlyDenied, ImplicitlyDenied
    }

    private record Condition(String operator, boolean ifExists, String key, List<String> values) {
    }

    private record Statement(boolean allow, boolean notAction, List<Pattern> actions, boolean notResource, List<Pattern> resources,
                             List<Condition> conditions) {
    }

    private final List<Statement> statements;

    private IamPolicy(List<Statement> statements) {
        this.statements = statements;
    }

    /**
     * @param statements a list of statements, a single statement or a policy document (with
     *     {@code Statement}), as YAML or JSON reads them (maps, lists, strings)
     * @throws IllegalArgumentException naming what cannot be evaluated
     */
    public static IamPolicy of(Object statements) {
        List<Statement> parsed = new ArrayList<>();
        for (Object statement : asList(statements instanceof Map<?, ?> document && document.containsKey("Statement")
                ? document.get("Statement") : statements)) {
            parsed.add(statement(map(statement, "a statement")));
        }
        return new IamPolicy(List.copyOf(parsed));
    }

    /** Several policies of one role evaluated together, as IAM evaluates a role's policies. */
    public static IamPolicy combined(List<IamPolicy> policies) {
        List<Statement> all = new ArrayList<>();
        policies.forEach(policy -> all.addAll(policy.statements));
        return new IamPolicy(List.copyOf(all));
    }

    /**
     * @param context the request's condition keys (such as {@code s3:prefix}); names without regard to case
     */
    public Decision decide(String action, String resource, Map<String, String> context) {
        Map<String, String> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        keys.putAll(context);
        boolean allowed = false;
        for (Statement statement : statements) {
            if (applies(statement, action, resource, keys)) {
                if (!statement.allow()) {
                    return Decision.ExplicitlyDenied;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.Allowed : Decision.ImplicitlyDenied;
    }

    private static boolean applies(Statement statement, String action, String resource, Map<String, String> context) {
        boolean actionMatches = statement.actions().stream().anyMatch(pattern -> pattern.matcher(action).matches());
        boolean resourceMatches = statement.resources().stream().anyMatch(pattern -> pattern.matcher(resource).matches());
        return actionMatches != statement.notAction() && resourceMatches != statement.notResource()
                && statement.conditions().stream().allMatch(condition -> holds(condition, context));
    }

    private static boolean holds(Condition condition, Map<String, String> context) {
        String value = context.get(condition.key());
        if (condition.operator().equals("Null")) {
            return condition.values().stream().anyMatch(expected -> Boolean.parseBoolean(expected) == (value == null));
        }
        boolean negated = condition.operator().contains("Not");
        if (value == null) {
            // A missing key satisfies IfExists and the negated operators, and nothing else.
            return condition.ifExists() || negated;
        }
        boolean any = condition.values().stream().anyMatch(expected -> matches(condition.operator(), expected, value));
        return negated != any;
    }

    private static boolean matches(String operator, String expected, String value) {
        return switch (operator) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> expected.equals(value);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> expected.equalsIgnoreCase(value);
            case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" -> wildcard(expected, false).matcher(value).matches();
            case "Bool" -> expected.equalsIgnoreCase(value);
            default -> throw new IllegalStateException(operator);
        };
    }

    private static final List<String> OPERATORS = List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Bool", "Null");

    private static Statement statement(Map<?, ?> statement) {
        String effect = String.valueOf(statement.get("Effect"));
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new IllegalArgumentException("Effect must be Allow or Deny, not " + effect);
        }
        if (statement.containsKey("Principal") || statement.containsKey("NotPrincipal")) {
            throw new IllegalArgumentException("a role's identity policy names no Principal");
        }
        boolean notAction = statement.containsKey("NotAction");
        boolean notResource = statement.containsKey("NotResource");
        Object actions = statement.get(notAction ? "NotAction" : "Action");
        Object resources = statement.get(notResource ? "NotResource" : "Resource");
        if (actions == null || resources == null) {
            throw new IllegalArgumentException("a statement needs Action (or NotAction) and Resource (or NotResource): " + statement);
        }
        List<Condition> conditions = new ArrayList<>();
        map(statement.get("Condition") == null ? Map.of() : statement.get("Condition"), "Condition").forEach((operatorName, keys) -> {
            String operator = String.valueOf(operatorName);
            boolean ifExists = operator.endsWith("IfExists");
            String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
            if (!OPERATORS.contains(base) || (ifExists && base.equals("Null"))) {
                throw new IllegalArgumentException("condition operator " + operator + " is not evaluated locally (known: "
                        + String.join(", ", OPERATORS) + ", with IfExists)");
            }
            map(keys, operator).forEach((key, values) -> conditions.add(new Condition(base, ifExists, String.valueOf(key),
                    asList(values).stream().map(String::valueOf).toList())));
        });
        return new Statement(effect.equals("Allow"), notAction, asList(actions).stream().map(action -> wildcard(String.valueOf(action), true)).toList(),
                notResource, asList(resources).stream().map(resource -> wildcard(String.valueOf(resource), false)).toList(), List.copyOf(conditions));
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one; everything else literal. */
    private static Pattern wildcard(String text, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static Map<?, ?> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a mapping, found " + value);
    }

    @Override
    public String toString() {
        return statements.size() + " statements";
    }
}
