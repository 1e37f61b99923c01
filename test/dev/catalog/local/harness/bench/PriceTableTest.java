package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the dated price table: figures per unit, missing figures kept as missing, mistakes refused. */
class PriceTableTest {

    static final String TABLE = """
            {"region": "us-east-1", "pricesAsOf": "2026-06",
             "prices": [
               {"key": "sqs.fifo.requests", "usd": 0.50, "per": 1000000, "unit": "requests", "source": "https://example.com/sqs"},
               {"key": "s3.standard.put", "usd": 0.005, "per": 1000, "unit": "requests", "source": "https://example.com/s3"},
               {"key": "sns.fifo.publish.payload", "usd": null, "per": 1, "unit": "GB", "status": "not-found", "source": "not found"}
             ],
             "assumptions": ["deliveries are billed"]}
            """;

    @Test
    void aFigureIsDividedByTheUnitsItIsQuotedFor() {
        PriceTable table = PriceTable.parse(TABLE);

        assertEquals("us-east-1", table.region());
        assertEquals("2026-06", table.pricesAsOf());
        assertEquals(0.5e-6, table.perUnit("sqs.fifo.requests").orElseThrow(), 1e-15);
        assertEquals(5e-6, table.perUnit("s3.standard.put").orElseThrow(), 1e-15);
        assertEquals("https://example.com/s3", table.prices().get("s3.standard.put").source());
        assertEquals(java.util.List.of("deliveries are billed"), table.assumptions());
    }

    @Test
    void aFigureThatWasNotFoundStaysEmptyWithItsStatus() {
        PriceTable table = PriceTable.parse(TABLE);

        assertEquals(Optional.empty(), table.perUnit("sns.fifo.publish.payload"));
        assertEquals("not-found", table.prices().get("sns.fifo.publish.payload").status());
        assertEquals("found", table.prices().get("s3.standard.put").status());
    }

    @Test
    void askingForALineTheTableDoesNotHaveIsAnError() {
        PriceTable table = PriceTable.parse(TABLE);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> table.perUnit("lambda.requests"));
        assertTrue(error.getMessage().contains("lambda.requests"));
    }

    @Test
    void aTableWithoutRegionOrDateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("{\"pricesAsOf\": \"2026-06\", \"prices\": []}"));
        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("{\"region\": \"us-east-1\", \"prices\": []}"));
    }

    @Test
    void aRepeatedOrNonPositiveLineIsRefused() {
        String repeated = "{\"region\": \"r\", \"pricesAsOf\": \"d\", \"prices\": ["
                + "{\"key\": \"a\", \"usd\": 1, \"per\": 1}, {\"key\": \"a\", \"usd\": 2, \"per\": 1}]}";
        String zeroPer = "{\"region\": \"r\", \"pricesAsOf\": \"d\", \"prices\": [{\"key\": \"a\", \"usd\": 1, \"per\": 0}]}";

        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(repeated));
        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(zeroPer));
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("region = us-east-1"));
    }
}
