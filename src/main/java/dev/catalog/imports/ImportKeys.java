package dev.catalog.imports;

import dev.catalog.internal.Uuids;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys of import files. {@code imports/{importId}.csv|.jsonl} are the keys the API signs URLs for;
 * any other key under {@code imports/} is a file dropped straight into the bucket (a supplier's
 * S3 client), except the reports the processor writes beside them ({@code <key>.report.json}).
 */
final class ImportKeys {
    static final String PREFIX = "imports/";
    /** What the processor appends to a dropped file's key for its report; such keys are never imported. */
    static final String REPORT_SUFFIX = ".report.json";
    private static final Pattern KEY = Pattern.compile("^imports/(" + Uuids.ISSUED_FORM + ")\\.(csv|jsonl)$");

    private ImportKeys() {
    }

    /** How the file arrived: through a URL the API signed for a requester, or dropped with a key of its own. */
    enum Source { API, DROP }

    /**
     * @param format empty when the extension names no format the processor reads
     */
    record ImportRef(String key, UUID importId, Optional<ImportFormat> format, Source source) {
    }

    static String of(UUID importId, ImportFormat format) {
        return PREFIX + importId + "." + format.extension();
    }

    /**
     * What to import for the (decoded) {@code key}; empty for keys outside {@code imports/}, for
     * "folders" and for the processor's own reports. A dropped file's import id is derived from its
     * key and ETag: a duplicate notification of the same upload is the same import, a new upload
     * under the same key is a new one.
     */
    static Optional<ImportRef> parse(String key, String eTag) {
        if (!key.startsWith(PREFIX) || key.endsWith("/") || key.length() == PREFIX.length() || key.endsWith(REPORT_SUFFIX)) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(key);
        if (matcher.matches()) {
            return Optional.of(new ImportRef(key, UUID.fromString(matcher.group(1)),
                    ImportFormat.fromExtension(matcher.group(2)), Source.API));
        }
        UUID importId = UUID.nameUUIDFromBytes(("drop:" + key + ":" + eTag).getBytes(StandardCharsets.UTF_8));
        return Optional.of(new ImportRef(key, importId, formatOf(key), Source.DROP));
    }

    /** The format a dropped file's extension names: .csv, .jsonl or .ndjson (any case). */
    static Optional<ImportFormat> formatOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return switch (name.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "csv" -> Optional.of(ImportFormat.CSV);
            case "jsonl", "ndjson" -> Optional.of(ImportFormat.JSONL);
            default -> Optional.empty();
        };
    }

    static String reportKey(String key) {
        return key + REPORT_SUFFIX;
    }
}
