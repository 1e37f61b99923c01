package dev.catalog.local.aws.iam;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each function's role, as Lambda gives it: credentials of its own (a distinct access key id per
 * function) and the role's statements from serverless.yml. The stand-ins ask {@link #authorize} with
 * the access key id a request was signed with; a function's request is decided by its role and
 * refused, when IAM would refuse it, with AWS's AccessDenied wording. Callers that are not functions
 * (the runtime itself, tests, tools) sign with the runtime's own key and keep full access.
 *
 * <p>Every call a function makes is also kept (function, action and the resource, S3 object keys
 * cut to their first segment so the set stays small), so tests can hold them against the calls
 * listed in {@code src/main/aws-calls.json}.
 */
public final class LocalIam {
    private static final Logger LOG = LoggerFactory.getLogger(LocalIam.class);
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]+)/");

    /**
     * One function's role.
     *
     * @param principalArn how AWS names the caller in an AccessDenied message: the role's session
     */
    public record FunctionRole(String function, String accessKeyId, String principalArn, IamPolicy policy) {
    }

    /** A decision: empty when allowed, otherwise the AccessDenied message. */
    public record Verdict(Optional<String> denial) {
        static final Verdict ALLOWED = new Verdict(Optional.empty());
    }

    private final Map<String, FunctionRole> byAccessKey = new ConcurrentHashMap<>();
    private final Map<AwsCall, String> calls = new ConcurrentHashMap<>();

    /** Adds a function's role; its requests are decided by it from now on. */
    public void register(FunctionRole role) {
        FunctionRole previous = byAccessKey.putIfAbsent(role.accessKeyId(), role);
        if (previous != null && !previous.function().equals(role.function())) {
            throw new IllegalArgumentException("functions " + previous.function() + " and " + role.function()
                    + " would share the access key " + role.accessKeyId());
        }
    }

    public Collection<FunctionRole> roles() {
        return List.copyOf(byAccessKey.values());
    }

    /** The function whose role signs with {@code accessKeyId}, if any. */
    public Optional<FunctionRole> roleOf(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    /**
     * Decides one action of a request signed with {@code accessKeyId}: allowed for anyone but a
     * function; for a function as its role says.
     *
     * @param context condition keys of the request ({@code s3:prefix} for a ListBucket)
     */
    public Verdict authorize(String accessKeyId, String action, String resource, Map<String, String> context) {
        FunctionRole role = accessKeyId == null ? null : byAccessKey.get(accessKeyId);
        if (role == null) {
            return Verdict.ALLOWED;
        }
        calls.putIfAbsent(AwsCall.of(role.function(), action, resource), resource);
        IamPolicy.Decision decision = role.policy().decide(action, resource, context);
        if (decision == IamPolicy.Decision.Allowed) {
            return Verdict.ALLOWED;
        }
        // AWS's wording, so a developer recognises it (IAM User Guide, "Troubleshoot access denied error messages").
        String denial = "User: " + role.principalArn() + " is not authorized to perform: " + action + " on resource: "
                + resource + (decision == IamPolicy.Decision.ExplicitlyDenied
                        ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + action + " action");
        // On the console too: a function may log its failure without the service's message.
        LOG.warn("AccessDenied for function {}: {}", role.function(), denial);
        return new Verdict(Optional.of(denial));
    }

    /** As {@link #authorize(String, String, String, Map)} without condition keys. */
    public Verdict authorize(String accessKeyId, String action, String resource) {
        return authorize(accessKeyId, action, resource, Map.of());
    }

    /** The access key id of a SigV4 {@code Authorization} header; null when there is none. */
    public static String accessKeyOf(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        Matcher matcher = CREDENTIAL.matcher(authorizationHeader);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The calls functions made so far, each with one resource it was made on. */
    public Map<AwsCall, String> calls() {
        return Map.copyOf(calls);
    }
}
