package dev.catalog.imports;

/** The import's reply could not be published; the import is retried (its commands are idempotent). */
class ImportReplyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ImportReplyFailedException(Throwable cause) {
        super("import reply not published", cause);
    }
}
