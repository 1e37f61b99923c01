package dev.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one copy of the product field rules: what the API, imports and the worker all apply. */
class ProductRulesTest {
    private static final UUID ID = UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c01");
    private static final Instant NOW = Instant.parse("2026-11-21T10:05:00Z");
    private static final String CAFE_COMPOSED = "Caf\u00e9";
    private static final String CAFE_DECOMPOSED = "Cafe\u0301";

    @Test
    void normalisesNamesToNfcAndTrimsEveryKindOfSpace() {
        assertEquals(CAFE_COMPOSED, ProductRules.normalizedName(CAFE_DECOMPOSED));
        assertEquals(CAFE_COMPOSED, ProductRules.normalizedName("\u00a0\u3000 " + CAFE_DECOMPOSED + "\t\u00a0"));
        assertEquals("Walnut\u00a0desk", ProductRules.normalizedName("Walnut\u00a0desk"), "inner spaces stay");
    }

    @Test
    void countsNameLengthInCodePoints() {
        String parcels = "\uD83D\uDCE6".repeat(150); // 150 × 📦: 300 UTF-16 units
        assertEquals(Optional.empty(), ProductRules.nameProblem(parcels));
        assertTrue(ProductRules.nameProblem("\uD83D\uDCE6".repeat(201)).isPresent());
        assertEquals(Optional.empty(), ProductRules.nameProblem("n".repeat(200)));
        assertTrue(ProductRules.nameProblem("n".repeat(201)).isPresent());
    }

    @Test
    void measuresTheNormalisedName() {
        // 200 letters, each e + U+0301: 400 code points as sent, 200 once composed.
        String decomposed = "e\u0301".repeat(200);
        assertEquals(Optional.empty(), ProductRules.nameProblem(ProductRules.normalizedName(decomposed)));
    }

    @ParameterizedTest(name = "refuses name {0}")
    @ValueSource(strings = {
        "",
        "\u00a0\u00a0",            // only no-break spaces
        "\u3000",                  // only an ideographic space
        "\u0301\u0308",            // only combining marks
        "\u200b",                  // only a zero-width space
        "\u200d",                  // only a joiner
        "\u3164\u3164",            // only Hangul fillers
        "Desk\u202etxt.exe",       // right-to-left override
        "Desk\u2066x\u2069",       // bidi isolates
        "Wal\u200bnut",            // zero-width space
        "\ufeffDesk",              // byte order mark / zero-width no-break space
        "Desk\u00ad",              // soft hyphen
        "Desk\udb40\udc41",        // a tag character: hidden ASCII
        "Desk\u0000",
        "Desk\nChair",
        "Desk\u0085",
        "Desk\uffff",              // a noncharacter SQS refuses
        "Desk\ufffe",
        "Desk \ud800",             // a lone high surrogate
        "Desk \udc00",             // a lone low surrogate
    })
    void refusesNamesThatAreBlankInvisibleSpoofingOrUnsendable(String name) {
        assertTrue(ProductRules.nameProblem(ProductRules.normalizedName(name)).isPresent(), "accepted " + escaped(name));
    }

    @ParameterizedTest(name = "accepts name {0}")
    @ValueSource(strings = {
        "Walnut desk",
        "Caf\u00e9 cr\u00e8me",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  // Persian with a zero-width non-joiner
        "\uD83D\uDC69\u200D\uD83D\uDCBB desk",             // 👩‍💻: an emoji joined by ZWJ
        "\u6728\u306e\u673a",                              // 木の机
        "a\u0301",
        "Desk\uD83D\uDCE6",                                // a supplementary character
    })
    void acceptsNamesInAnyScript(String name) {
        assertEquals(Optional.empty(), ProductRules.nameProblem(ProductRules.normalizedName(name)), escaped(name));
    }

    @Test
    void descriptionsMayHoldLineBreaksButNothingAMessageCannotCarry() {
        assertEquals(Optional.empty(), ProductRules.descriptionProblem("Oak.\r\n\tOiled."));
        assertEquals(Optional.empty(), ProductRules.descriptionProblem("\uD83D\uDCE6".repeat(4000)));
        assertTrue(ProductRules.descriptionProblem("\uD83D\uDCE6".repeat(4001)).isPresent());
        assertTrue(ProductRules.descriptionProblem("Oak \uffff").isPresent());
        assertTrue(ProductRules.descriptionProblem("Oak \udfff").isPresent());
        assertTrue(ProductRules.descriptionProblem("Oak \u0001").isPresent());
    }

    @Test
    void theWorkerAppliesTheSameRulesAsTheApi() {
        String parcels = "\uD83D\uDCE6".repeat(150);
        ProductChange created = ProductCommands.decide(new ProductCommand.Create(ID, parcels, ""), Optional.empty(), NOW);
        assertEquals(parcels, created.product().name());

        ProductChange composed = ProductCommands.decide(new ProductCommand.Create(ID, CAFE_DECOMPOSED, ""), Optional.empty(), NOW);
        assertEquals(CAFE_COMPOSED, composed.product().name());

        for (String refused : new String[] {"Desk\u202etxt", "\u00a0", "\u0301", "Desk\nChair", "Desk\u0085", "Desk\uffff"}) {
            ProductCommandRejected rejected = org.junit.jupiter.api.Assertions.assertThrows(ProductCommandRejected.class,
                    () -> ProductCommands.decide(new ProductCommand.Create(ID, refused, ""), Optional.empty(), NOW), escaped(refused));
            assertEquals(dev.catalog.messaging.Reply.ErrorCode.VALIDATION, rejected.code());
        }
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
