package dev.catalog.schema;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.schema.CustomResourceRequest.RequestType;
import dev.catalog.schema.SchemaMigration.DatabaseTarget;
import dev.catalog.schema.SchemaMigration.MigrationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code DatabaseSchema} custom resource (handlers/database.yml): on Create and Update it reads
 * the cluster's managed admin secret, applies the pending migrations and checks the application
 * role, then answers CloudFormation at the request's {@code ResponseURL}. A failure answers
 * {@code FAILED} with its error, so the stack operation rolls back. Delete keeps the schema (the
 * cluster's own deletion policy decides about the data) and answers {@code SUCCESS}.
 *
 * <p>Resource properties: {@code MasterUserSecretArn}, {@code DatabaseHost}, {@code DatabasePort},
 * {@code DatabaseName}, {@code ApplicationUser}.
 */
public final class DatabaseSchemaHandler implements RequestHandler<Map<String, Object>, Void> {
    private final AdminSecrets secrets;
    private final SchemaMigration migration;
    private final CustomResourceResponses responses;

    public DatabaseSchemaHandler() {
        this(SecretsManagerAdminSecrets.from(FunctionEnvironment.fromLambda()), FlywaySchemaMigration.from(FunctionEnvironment.fromLambda()),
                new HttpCustomResourceResponses(Json.mapper()));
    }

    public DatabaseSchemaHandler(AdminSecrets secrets, SchemaMigration migration, CustomResourceResponses responses) {
        this.secrets = secrets;
        this.migration = migration;
        this.responses = responses;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static DatabaseSchemaHandler from(FunctionEnvironment environment) {
        return new DatabaseSchemaHandler(SecretsManagerAdminSecrets.from(environment), FlywaySchemaMigration.from(environment),
                new HttpCustomResourceResponses(Json.mapper()));
    }

    @Override
    public Void handleRequest(Map<String, Object> event, Context context) {
        CustomResourceRequest request = CustomResourceRequest.from(event);
        CustomResourceResponse response = respond(request, context);
        // Without an answer CloudFormation waits an hour for the resource: a failed PUT fails the invocation, visibly.
        responses.send(request.responseUrl(), response);
        return null;
    }

    private CustomResourceResponse respond(CustomResourceRequest request, Context context) {
        String physicalResourceId = request.physicalResourceId() != null ? request.physicalResourceId()
                : request.logicalResourceId() + "-" + request.propertyOr("DatabaseName", "database");
        if (request.requestType() == RequestType.Delete) {
            log(context, "INFO", request, Map.of("migrationsApplied", 0));
            return CustomResourceResponse.success(request, physicalResourceId, Map.of());
        }
        try {
            DatabaseTarget target = new DatabaseTarget(request.property("DatabaseHost"), request.portProperty("DatabasePort"),
                    request.property("DatabaseName"), request.property("ApplicationUser"));
            AdminCredentials admin = secrets.read(request.property("MasterUserSecretArn"));
            MigrationResult result = migration.migrate(target, admin);
            log(context, "INFO", request, Map.of("migrationsApplied", result.applied(), "schemaVersion", result.version(),
                    "iamAuthentication", result.iamAuthentication()));
            Map<String, String> data = new LinkedHashMap<>();
            data.put("MigrationsApplied", Integer.toString(result.applied()));
            data.put("SchemaVersion", result.version());
            data.put("IamAuthentication", Boolean.toString(result.iamAuthentication()));
            return CustomResourceResponse.success(request, physicalResourceId, data);
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (context == null ? "" : " (log stream " + context.getLogStreamName() + ")");
            log(context, "ERROR", request, Map.of("error", e.getClass().getSimpleName()));
            return CustomResourceResponse.failed(request, physicalResourceId, reason);
        }
    }

    private static void log(Context context, String level, CustomResourceRequest request, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("requestType", request.requestType().name());
        line.put("logicalResourceId", request.logicalResourceId());
        line.putAll(fields);
        StructuredLog.write(context, level, "database schema", line);
    }
}
