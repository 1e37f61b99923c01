package dev.catalog.imports;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keys of import files, {@code imports/{importId}.csv|.jsonl}: ids only, never user input. */
final class ImportKeys {
    static final String PREFIX = "imports/";
    private static final Pattern KEY = Pattern.compile(
            "^imports/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.(csv|jsonl)$");

    private ImportKeys() {
    }

    record ImportRef(UUID importId, ImportFormat format) {
    }

    static String of(UUID importId, ImportFormat format) {
        return PREFIX + importId + "." + format.extension();
    }

    static Optional<ImportRef> parse(String key) {
        Matcher matcher = KEY.matcher(key);
        return matcher.matches()
                ? Optional.of(new ImportRef(UUID.fromString(matcher.group(1)), ImportFormat.fromExtension(matcher.group(2)).orElseThrow()))
                : Optional.empty();
    }
}
