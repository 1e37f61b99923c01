package dev.catalog.config;

import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, read once per container from the environment.
 *
 * <p>Every function shares this record; settings a function does not use may be absent, and the
 * accessors of optional settings fail with {@link MissingConfigurationException} naming the
 * variable, so a misconfigured function fails at its first cold start, not later.
 */
public record CatalogSettings(String stage, Optional<String> documentsBucket) {

    public CatalogSettings {
        if (stage == null || stage.isBlank()) {
            throw new MissingConfigurationException(EnvironmentVariables.STAGE);
        }
    }

    /** Reads the process environment: the only call of {@code System.getenv} in the code base. */
    public static CatalogSettings fromSystemEnvironment() {
        return from(System.getenv());
    }

    public static CatalogSettings from(Map<String, String> environment) {
        return new CatalogSettings(
                environment.get(EnvironmentVariables.STAGE),
                nonBlank(environment.get(EnvironmentVariables.DOCUMENTS_BUCKET)));
    }

    public String requireDocumentsBucket() {
        return documentsBucket.orElseThrow(() -> new MissingConfigurationException(EnvironmentVariables.DOCUMENTS_BUCKET));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
