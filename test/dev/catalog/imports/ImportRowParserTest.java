package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How one line of an import becomes a row: CSV quoting within a line, the header, JSON objects; no I/O. */
class ImportRowParserTest {
    private static final String PRODUCT = "0b6f7c52-3c1e-4c2b-9a57-2c4f5f0f6a11";

    @Test
    void splitsPlainFieldsKeepingEmptyOnesAtEitherEnd() {
        assertEquals(List.of("a", "b", "c"), split("a,b,c"));
        assertEquals(List.of(""), split(""));
        assertEquals(List.of("a", ""), split("a,"));
        assertEquals(List.of("", "a"), split(",a"));
        assertEquals(List.of("", "", ""), split(",,"));
    }

    @Test
    void quotedFieldsHoldCommasAndDoubledQuotes() {
        assertEquals(List.of("a,b", "c"), split("\"a,b\",c"));
        assertEquals(List.of("He said \"hi\"", "x"), split("\"He said \"\"hi\"\"\",x"));
        assertEquals(List.of(""), split("\"\""));
        assertEquals(List.of("\""), split("\"\"\"\""));
        assertEquals(List.of("a", "b"), split("\"a\",\"b\""));
        assertEquals(List.of("abc", ""), split("\"abc\","));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() {
        assertEquals(List.of("a\"b"), split("a\"b"));
        assertEquals(List.of(" \"a\""), split(" \"a\""));
    }

    @Test
    void anUnterminatedQuoteOrTextAfterAClosingQuoteIsAProblem() {
        assertEquals(Optional.of("has an unterminated quote (fields cannot span lines)"), problem("\"abc"));
        assertEquals(Optional.of("has an unterminated quote (fields cannot span lines)"), problem("\"a\"\""));
        assertEquals(Optional.of("has an unterminated quote (fields cannot span lines)"), problem("x,\"y"));
        assertEquals(Optional.of("has text after a closing quote"), problem("\"abc\"x"));
        assertEquals(Optional.of("has text after a closing quote"), problem("\"abc\" ,d"));
    }

    @Test
    void theHeaderMayBeTwoThreeOrFourColumnsSpacedAndAfterAByteOrderMark() {
        for (String header : List.of("name,description", "name,description,productId", "name,description,productId,expectedVersion",
                "\uFEFFname,description", " name , description ")) {
            ImportRowParser parser = new ImportRowParser(ImportFormat.CSV);
            assertTrue(parser.expectsHeader());
            assertEquals(Optional.empty(), parser.acceptHeader(header), header);
            assertFalse(parser.expectsHeader(), header);
        }
    }

    @Test
    void anyOtherHeaderIsRefusedAndStillExpected() {
        for (String header : List.of("title,text", "name", "description,name", "name,description,expectedVersion", "\"name,description")) {
            ImportRowParser parser = new ImportRowParser(ImportFormat.CSV);
            Optional<String> problem = parser.acceptHeader(header);
            assertTrue(problem.isPresent(), header);
            assertTrue(parser.expectsHeader(), header);
        }
        assertEquals(Optional.of("the header must be name,description[,productId[,expectedVersion]]"),
                new ImportRowParser(ImportFormat.CSV).acceptHeader("title,text"));
        assertFalse(new ImportRowParser(ImportFormat.JSONL).expectsHeader(), "JSON lines have no header");
    }

    @Test
    void aCsvRowWithoutAProductIdIsACreateAndAnEmptyNameStaysForTheRulesToRefuse() {
        ImportRow row = csv("name,description,productId,expectedVersion").parse(7, ",Oak,,");

        assertEquals(7, row.line());
        assertNull(row.productId());
        assertEquals("", row.body().get("name").asText());
        assertEquals("Oak", row.body().get("description").asText());
        assertEquals(List.of(), row.problems());
    }

    @Test
    void aCsvRowWithAProductIdIsAnUpdateWhoseEmptyCellsLeaveFieldsAsTheyAre() {
        ImportRow row = csv("name,description,productId,expectedVersion").parse(2, "Renamed,, " + PRODUCT + " , 3 ");

        assertEquals(UUID.fromString(PRODUCT), row.productId());
        assertEquals("Renamed", row.body().get("name").asText());
        assertFalse(row.body().has("description"));
        assertEquals(3, row.body().get("expectedVersion").asLong());
        assertEquals(List.of(), row.problems());
    }

    @Test
    void csvRowProblemsAreNamedByField() {
        ImportRowParser parser = csv("name,description,productId,expectedVersion");

        assertEquals(List.of("has 3 fields, the header 4"), parser.parse(2, "a,b,c").problems());
        assertEquals(List.of("/productId: must be a UUID"), parser.parse(3, "a,b,not-a-uuid,").problems());
        assertEquals(List.of("/expectedVersion: must be a whole number from 1"), parser.parse(4, "a,b," + PRODUCT + ",three").problems());
        assertEquals(List.of("/expectedVersion: only an update (a row with a productId) can name a version"),
                parser.parse(5, "a,b,,2").problems());
        assertEquals(List.of("has text after a closing quote"), parser.parse(6, "\"a\"b,c,,").problems());
    }

    @Test
    void aJsonLineIsAnObjectWhoseProductIdMakesItAnUpdate() {
        ImportRowParser parser = new ImportRowParser(ImportFormat.JSONL);

        ImportRow update = parser.parse(1, "{\"productId\": \"" + PRODUCT.toUpperCase() + "\", \"name\": \"Renamed\"}");
        assertEquals(UUID.fromString(PRODUCT), update.productId());
        assertFalse(update.body().has("productId"), "the id leaves the body");
        assertEquals(List.of(), update.problems());

        ImportRow create = parser.parse(2, "{\"productId\": null, \"name\": \"New\"}");
        assertNull(create.productId());
        assertEquals(List.of(), create.problems());
    }

    @Test
    void jsonLineProblemsSayWhatIsWrong() {
        ImportRowParser parser = new ImportRowParser(ImportFormat.JSONL);

        assertEquals(List.of("/productId: must be a UUID"), parser.parse(1, "{\"productId\": 7, \"name\": \"x\"}").problems());
        assertEquals(List.of("/productId: must be a UUID"), parser.parse(2, "{\"productId\": \"7\", \"name\": \"x\"}").problems());
        assertEquals(List.of("is not a JSON object"), parser.parse(3, "[\"x\"]").problems());
        assertEquals(List.of("is not a JSON object"), parser.parse(4, "42").problems());
        assertTrue(parser.parse(5, "{\"name\": ").problems().get(0).startsWith("is not valid JSON ("),
                parser.parse(5, "{\"name\": ").problems().toString());
    }

    private static ImportRowParser csv(String header) {
        ImportRowParser parser = new ImportRowParser(ImportFormat.CSV);
        assertEquals(Optional.empty(), parser.acceptHeader(header));
        return parser;
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        assertEquals(Optional.empty(), ImportRowParser.splitCsv(line, fields), line);
        return fields;
    }

    private static Optional<String> problem(String line) {
        return ImportRowParser.splitCsv(line, new ArrayList<>());
    }
}
