package dev.catalog.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.iam.AwsCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The calls src/main/aws-calls.json lists (the file the IAM simulation evaluates against every
 * function's role), held against the calls the functions made in a run: the stand-ins record each
 * one with the function whose role signed it. A call with no row fails the suite that made it,
 * naming function, action and resource, so the file cannot fall behind the code. Calls on paths the
 * suites do not exercise stay listed by hand.
 */
final class ListedAwsCalls {
    static final Path FILE = Path.of("src/main/aws-calls.json");

    private ListedAwsCalls() {
    }

    /**
     * @throws AssertionError naming every call a function made that has no row in the file, or
     *     when no call was recorded although the runtime enforces IAM (the functions would not be
     *     signing with their roles' keys)
     */
    static void assertEveryCallListed(LocalRuntime runtime) {
        Map<AwsCall, String> made = runtime.iam().calls();
        if (runtime.iam().roles().isEmpty()) {
            return; // external services: not the runtime's to observe
        }
        if (made.isEmpty()) {
            throw new AssertionError("no AWS call of any function was recorded: are the functions signing with their roles' keys?");
        }
        Set<AwsCall> listed = listed(runtime);
        List<String> unlisted = new ArrayList<>();
        made.forEach((call, resource) -> {
            if (!listed.contains(normalised(call))) {
                unlisted.add("function " + call.function() + " calls " + call.action() + " on " + resource);
            }
        });
        if (!unlisted.isEmpty()) {
            throw new AssertionError(unlisted.size() + " AWS calls the functions made have no row in " + FILE
                    + " (add one each, so the IAM simulation checks them against the deployed roles):\n  " + String.join("\n  ", unlisted.stream().sorted().toList()));
        }
    }

    private static Set<AwsCall> listed(LocalRuntime runtime) {
        try {
            Set<AwsCall> listed = new HashSet<>();
            for (JsonNode row : new ObjectMapper().readTree(FILE.toFile()).path("calls")) {
                listed.add(normalised(AwsCall.of(row.path("function").asText(), row.path("action").asText(),
                        runtime.substitute(row.path("resource").asText()))));
            }
            return listed;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + FILE + ": " + e.getMessage(), e);
        }
    }

    /** IAM action names are case-insensitive. */
    private static AwsCall normalised(AwsCall call) {
        return new AwsCall(call.function(), call.action().toLowerCase(Locale.ROOT), call.resource());
    }
}
