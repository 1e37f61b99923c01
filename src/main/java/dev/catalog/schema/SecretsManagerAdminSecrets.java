package dev.catalog.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the secret RDS keeps for a cluster with {@code ManageMasterUserPassword}: a JSON object with
 * {@code username} and {@code password}. Only the secret's ARN and the username ever appear in errors.
 */
final class SecretsManagerAdminSecrets implements AdminSecrets {
    private final SecretsManagerClient secretsManager;
    private final ObjectMapper json;

    /** Through the function's Secrets Manager client. */
    static SecretsManagerAdminSecrets from(FunctionEnvironment environment) {
        return new SecretsManagerAdminSecrets(environment.clients().secretsManager(), Json.mapper());
    }

    public SecretsManagerAdminSecrets(SecretsManagerClient secretsManager, ObjectMapper json) {
        this.secretsManager = secretsManager;
        this.json = json;
    }

    @Override
    public AdminCredentials read(String secretArn) {
        String secret;
        try {
            secret = secretsManager.getSecretValue(request -> request.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw new AdminSecretUnavailable("reading the admin secret " + secretArn + " failed: " + e.getMessage(), e);
        }
        try {
            JsonNode fields = json.readTree(secret == null ? "" : secret);
            String username = fields == null ? "" : fields.path("username").asText("");
            String password = fields == null ? "" : fields.path("password").asText("");
            if (username.isEmpty() || password.isEmpty()) {
                throw new AdminSecretUnavailable("the admin secret " + secretArn + " has no username and password", null);
            }
            return new AdminCredentials(username, password);
        } catch (IOException e) {
            // The parser's message would quote the secret.
            throw new AdminSecretUnavailable("the admin secret " + secretArn + " is not a JSON object", null);
        }
    }
}
