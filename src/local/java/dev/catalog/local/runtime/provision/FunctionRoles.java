package dev.catalog.local.runtime.provision;

import dev.catalog.local.aws.iam.IamPolicy;
import dev.catalog.local.aws.iam.LocalIam;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import dev.catalog.local.runtime.config.YamlValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each function's role as serverless-iam-roles-per-function creates it from serverless.yml: the
 * function's {@code iamRoleStatements} (the provider's {@code iam.role.statements} for a function
 * without any), plus what the plugin adds for the function's SQS event sources (receive, delete and
 * read the attributes of each queue: the Lambda service polls with the function's role).
 */
public final class FunctionRoles {
    /** Evaluates CloudFormation intrinsics in a function's declaration, as the provisioner does. */
    public interface Intrinsics {
        Object evaluate(Object value, Located where, String key);
    }

    private FunctionRoles() {
    }

    /**
     * @param deployedName the function's name on AWS ({@code service-stage-function})
     * @throws dev.catalog.local.runtime.config.UnsupportedConfigurationException naming the key of a statement
     *     the local runtime cannot evaluate
     */
    public static LocalIam.FunctionRole of(String name, String deployedName, Located function, ServerlessConfig config, Intrinsics intrinsics) {
        List<Object> statements = new ArrayList<>();
        List<Object> queues = new ArrayList<>();
        List<?> events = function.value().get("events") instanceof List<?> list ? list : List.of();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> event = YamlValues.map(events.get(i));
            if (event.containsKey("sqs")) {
                Object spec = event.get("sqs");
                Object arn = spec instanceof Map<?, ?> settings && settings.containsKey("arn") ? settings.get("arn") : spec;
                queues.add(intrinsics.evaluate(arn, function, "events[" + i + "].sqs.arn"));
            }
        }
        if (!queues.isEmpty()) {
            statements.add(Map.of("Effect", "Allow", "Action", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                    "Resource", queues));
        }
        String key = "iamRoleStatements";
        Object declared = function.value().get(key);
        if (declared == null) {
            key = "provider.iam.role.statements";
            declared = YamlValues.map(YamlValues.map(YamlValues.map(config.provider().get("iam")).get("role"))).get("statements");
        }
        if (declared != null) {
            Object evaluated = intrinsics.evaluate(declared, function, key);
            statements.addAll(evaluated instanceof List<?> list ? list : List.of(evaluated));
        }
        IamPolicy policy;
        try {
            policy = IamPolicy.of(statements);
        } catch (IllegalArgumentException e) {
            throw function.unsupported(key, e.getMessage());
        }
        String roleName = config.service() + "-" + config.stage() + "-" + name + "-" + config.region() + "-lambdaRole";
        String principal = "arn:aws:sts::" + config.accountId() + ":assumed-role/" + roleName + "/" + deployedName;
        return new LocalIam.FunctionRole(name, accessKeyId(name), principal, policy);
    }

    /**
     * A role's access key id: readable, and letters and digits only (DynamoDB Local accepts nothing
     * else); {@code ASIA} as AWS's temporary credentials begin.
     */
    static String accessKeyId(String function) {
        return "ASIA" + function.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }
}
