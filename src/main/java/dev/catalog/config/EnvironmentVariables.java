package dev.catalog.config;

/** The names of every environment variable the functions read; {@link CatalogSettings} is their only reader. */
public final class EnvironmentVariables {
    /** Deployment stage (dev, prod, ...), used in metric namespaces and resource names. */
    public static final String STAGE = "CATALOG_STAGE";
    /** The private bucket holding incoming uploads, attachments, imports and the journal. */
    public static final String DOCUMENTS_BUCKET = "DOCUMENTS_BUCKET";

    private EnvironmentVariables() {
    }
}
