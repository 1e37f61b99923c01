package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.queue.S3ObjectCreated;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which keys under imports/ are imports, of which kind and format; no I/O. */
class ImportKeysTest {

    @Test
    void decodesAKeyAsS3EncodesItInEventNotifications() {
        assertEquals("imports/my catalog (v2) é.csv", S3ObjectCreated.decodeKey("imports/my+catalog+%28v2%29+%C3%A9.csv"));
        assertEquals("imports/a+b.csv", S3ObjectCreated.decodeKey("imports/a%2Bb.csv"), "a literal + arrives as %2B");
    }

    @Test
    void aKeyTheApiSignedIsAnApiImportUnderItsOwnId() {
        UUID id = UUID.fromString("6a2b4c6d-8e0f-4a1b-9c3d-5e7f9a1b3c01");
        ImportKeys.ImportRef ref = ImportKeys.parse("imports/" + id + ".jsonl", "etag").orElseThrow();

        assertEquals(ImportKeys.Source.API, ref.source());
        assertEquals(id, ref.importId());
        assertEquals(Optional.of(ImportFormat.JSONL), ref.format());
    }

    @Test
    void anyOtherKeyUnderImportsIsADropWithTheFormatOfItsExtension() {
        ImportKeys.ImportRef csv = ImportKeys.parse("imports/my catalog (v2) é.csv", "e1").orElseThrow();

        assertEquals(ImportKeys.Source.DROP, csv.source());
        assertEquals(Optional.of(ImportFormat.CSV), csv.format());
        assertEquals(Optional.of(ImportFormat.JSONL), ImportKeys.parse("imports/supplier/feed.NDJSON", "e").orElseThrow().format());
        assertEquals(Optional.of(ImportFormat.JSONL), ImportKeys.parse("imports/feed.jsonl", "e").orElseThrow().format());
        assertEquals(Optional.empty(), ImportKeys.parse("imports/catalog.xlsx", "e").orElseThrow().format());
        assertEquals(Optional.empty(), ImportKeys.parse("imports/README", "e").orElseThrow().format());
        assertEquals(ImportKeys.Source.DROP, ImportKeys.parse("imports/6A2B4C6D-8E0F-4A1B-9C3D-5E7F9A1B3C01.csv", "e").orElseThrow().source(),
                "only the API's own spelling is an API key");
    }

    @Test
    void aDropIsTheSameImportForTheSameUploadAndANewOneForANewUpload() {
        UUID first = ImportKeys.parse("imports/feed.csv", "etag-1").orElseThrow().importId();

        assertEquals(first, ImportKeys.parse("imports/feed.csv", "etag-1").orElseThrow().importId());
        assertNotEquals(first, ImportKeys.parse("imports/feed.csv", "etag-2").orElseThrow().importId());
    }

    @Test
    void reportsFoldersAndOtherPrefixesAreNeverImported() {
        String report = ImportKeys.reportKey("imports/my catalog (v2) é.csv");

        assertEquals("imports/my catalog (v2) é.csv.report.json", report);
        assertTrue(ImportKeys.parse(report, "e").isEmpty(), "a report would import itself");
        assertTrue(ImportKeys.parse("imports/", "e").isEmpty());
        assertTrue(ImportKeys.parse("imports/supplier/", "e").isEmpty());
        assertTrue(ImportKeys.parse("incoming/feed.csv", "e").isEmpty());
    }
}
