package dev.catalog.config;

/** The names of every environment variable the functions read; {@link CatalogSettings} is their only reader. */
public final class EnvironmentVariables {
    /** Deployment stage (dev, prod, ...), used in metric namespaces and resource names. */
    public static final String STAGE = "CATALOG_STAGE";
    /** The private bucket holding incoming uploads, attachments, imports and the journal. */
    public static final String DOCUMENTS_BUCKET = "DOCUMENTS_BUCKET";
    /** FIFO topic the API publishes accepted commands to. */
    public static final String COMMANDS_TOPIC_ARN = "COMMANDS_TOPIC_ARN";
    /** FIFO topic the outbox relay publishes events to. */
    public static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
    /** Standard topic the outbox relay publishes replies to. */
    public static final String REPLIES_TOPIC_ARN = "REPLIES_TOPIC_ARN";
    /** DynamoDB table of command statuses. */
    public static final String COMMANDS_TABLE = "COMMANDS_TABLE";
    /** DynamoDB table of product views. */
    public static final String PRODUCT_VIEWS_TABLE = "PRODUCT_VIEWS_TABLE";
    /** Comma-separated media types an attachment may have (default application/pdf,image/png,image/jpeg). */
    public static final String ATTACHMENT_ALLOWED_TYPES = "ATTACHMENT_ALLOWED_TYPES";
    /** Largest attachment accepted, in bytes (default 25 MiB). */
    public static final String ATTACHMENT_MAX_BYTES = "ATTACHMENT_MAX_BYTES";
    /** The subject files dropped straight into the bucket under imports/ are imported as (stage parameter importActor). */
    public static final String IMPORT_ACTOR = "IMPORT_ACTOR";
    /** Aurora PostgreSQL endpoint host, port, database and IAM-authenticated user. */
    public static final String DB_HOST = "DB_HOST";
    public static final String DB_PORT = "DB_PORT";
    public static final String DB_NAME = "DB_NAME";
    public static final String DB_USER = "DB_USER";
    /**
     * libpq's standard variable for the certificate authority a PostgreSQL client trusts; unset on
     * AWS, where the Amazon RDS authorities shipped in the artifact are trusted.
     */
    public static final String DB_ROOT_CERTIFICATE = "PGSSLROOTCERT";

    /** Metrics sink: {@code emf} (default: embedded metric format on stdout) or {@code memory} (local runtime). */
    public static final String METRICS = "CATALOG_METRICS";

    private EnvironmentVariables() {
    }
}
