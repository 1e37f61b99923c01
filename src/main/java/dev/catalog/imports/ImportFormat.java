package dev.catalog.imports;

import java.util.Locale;
import java.util.Optional;

/** The file formats an import accepts; the format decides the key's extension and content type. */
public enum ImportFormat {
    CSV("csv", "text/csv"),
    JSONL("jsonl", "application/x-ndjson");

    private final String extension;
    private final String contentType;

    ImportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<ImportFormat> fromExtension(String extension) {
        for (ImportFormat format : values()) {
            if (format.extension.equals(extension.toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
