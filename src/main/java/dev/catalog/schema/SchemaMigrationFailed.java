package dev.catalog.schema;

/** A migration failed; nothing of this run was kept. */
public final class SchemaMigrationFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaMigrationFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
