package dev.catalog.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, read once per container from the environment.
 *
 * <p>Every function shares this record and sets only what it uses; {@code require...} accessors
 * fail with {@link MissingConfigurationException} naming the variable, so a misconfigured function
 * fails at its first cold start, not in the middle of a request.
 */
public record CatalogSettings(String stage, Map<String, String> values) {
    static final String DEFAULT_ATTACHMENT_TYPES = "application/pdf,image/png,image/jpeg";
    static final long DEFAULT_ATTACHMENT_MAX_BYTES = 25L * 1024 * 1024;

    public CatalogSettings {
        if (stage == null || stage.isBlank()) {
            throw new MissingConfigurationException(EnvironmentVariables.STAGE);
        }
        values = Map.copyOf(values);
    }

    /** Reads the process environment: the only call of {@code System.getenv} in the code base. */
    public static CatalogSettings fromSystemEnvironment() {
        return from(System.getenv());
    }

    public static CatalogSettings from(Map<String, String> environment) {
        Map<String, String> nonBlank = new HashMap<>();
        environment.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                nonBlank.put(name, value);
            }
        });
        return new CatalogSettings(environment.get(EnvironmentVariables.STAGE), nonBlank);
    }

    public Optional<String> documentsBucket() {
        return optional(EnvironmentVariables.DOCUMENTS_BUCKET);
    }

    public String requireDocumentsBucket() {
        return require(EnvironmentVariables.DOCUMENTS_BUCKET);
    }

    public String requireCommandsTopicArn() {
        return require(EnvironmentVariables.COMMANDS_TOPIC_ARN);
    }

    public String requireEventsTopicArn() {
        return require(EnvironmentVariables.EVENTS_TOPIC_ARN);
    }

    public String requireRepliesTopicArn() {
        return require(EnvironmentVariables.REPLIES_TOPIC_ARN);
    }

    public String requireImportActor() {
        return require(EnvironmentVariables.IMPORT_ACTOR);
    }

    public String requireCommandsTable() {
        return require(EnvironmentVariables.COMMANDS_TABLE);
    }

    public String requireProductViewsTable() {
        return require(EnvironmentVariables.PRODUCT_VIEWS_TABLE);
    }

    /** Media types an attachment may declare, lower-cased; {@code application/pdf,image/png,image/jpeg} unless configured. */
    public java.util.Set<String> attachmentAllowedTypes() {
        String configured = optional(EnvironmentVariables.ATTACHMENT_ALLOWED_TYPES).orElse(DEFAULT_ATTACHMENT_TYPES);
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        for (String type : configured.split(",")) {
            if (!type.isBlank()) {
                types.add(type.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Collections.unmodifiableSet(types);
    }

    /** The largest attachment in bytes; 25 MiB unless configured. */
    public long attachmentMaxBytes() {
        String configured = optional(EnvironmentVariables.ATTACHMENT_MAX_BYTES).orElse(null);
        if (configured == null) {
            return DEFAULT_ATTACHMENT_MAX_BYTES;
        }
        try {
            long bytes = Long.parseLong(configured.strip());
            if (bytes < 1) {
                throw new MissingConfigurationException(EnvironmentVariables.ATTACHMENT_MAX_BYTES, "must be a positive number of bytes");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new MissingConfigurationException(EnvironmentVariables.ATTACHMENT_MAX_BYTES, "must be a positive number of bytes");
        }
    }

    /** The metrics sink ({@code CATALOG_METRICS}); EMF unless the variable says otherwise. */
    public MetricsSink metricsSink() {
        String sink = optional(EnvironmentVariables.METRICS).orElse("emf");
        try {
            return MetricsSink.valueOf(sink.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(EnvironmentVariables.METRICS, sink + " is not one of emf, cloudwatch, memory");
        }
    }

    /** Where the functions that own Aurora state connect. */
    public DatabaseSettings requireDatabase() {
        return new DatabaseSettings(
                require(EnvironmentVariables.DB_HOST),
                Integer.parseInt(require(EnvironmentVariables.DB_PORT)),
                require(EnvironmentVariables.DB_NAME),
                require(EnvironmentVariables.DB_USER),
                databaseRootCertificate());
    }

    /** The one certificate authority to trust for the database instead of Amazon RDS's ({@code PGSSLROOTCERT}), if named. */
    public Optional<String> databaseRootCertificate() {
        return optional(EnvironmentVariables.DB_ROOT_CERTIFICATE);
    }

    /**
     * Aurora connection settings; the password is an IAM authentication token, never configured.
     *
     * @param rootCertificate a file with the one certificate authority to trust instead of Amazon RDS's
     */
    public record DatabaseSettings(String host, int port, String database, String user, Optional<String> rootCertificate) {
        public DatabaseSettings(String host, int port, String database, String user) {
            this(host, port, database, user, Optional.empty());
        }
    }

    private Optional<String> optional(String variable) {
        return Optional.ofNullable(values.get(variable));
    }

    private String require(String variable) {
        return optional(variable).orElseThrow(() -> new MissingConfigurationException(variable));
    }
}
