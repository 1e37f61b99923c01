package dev.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.catalog.messaging.Reply.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductCommandsTest {
    private static final UUID ID = UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c01");
    private static final Instant CREATED = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-21T10:05:00.123Z");
    private static final Product STORED = new Product(ID, "Walnut desk", "Solid walnut", 3, false, CREATED, CREATED);

    @Test
    void createsAtVersionOneWithATrimmedName() {
        ProductChange change = ProductCommands.decide(new ProductCommand.Create(ID, "  Walnut desk \t", "Solid walnut"), Optional.empty(), NOW);

        assertEquals(new Product(ID, "Walnut desk", "Solid walnut", 1, false, NOW, NOW), change.product());
        assertEquals(ProductEventType.CREATED, change.eventType());
    }

    @Test
    void rejectsCreateWhenTheIdExists() {
        assertCode(ErrorCode.PRODUCT_ALREADY_EXISTS, new ProductCommand.Create(ID, "Desk", ""), Optional.of(STORED));
    }

    @Test
    void rejectsCreateWhenTheIdBelongsToADeletedProduct() {
        assertCode(ErrorCode.PRODUCT_ALREADY_EXISTS, new ProductCommand.Create(ID, "Desk", ""), Optional.of(deleted()));
    }

    @Test
    void rejectsADescriptionTheRulesRefuseOnCreateAndUpdate() {
        assertCode(ErrorCode.VALIDATION, new ProductCommand.Create(ID, "Desk", "x".repeat(4_001)), Optional.empty());
        assertCode(ErrorCode.VALIDATION, new ProductCommand.Update(ID, Optional.empty(), Optional.of("oak \uffff"),
                java.util.OptionalLong.empty()), Optional.of(STORED));
    }

    @Test
    void rejectsANameThatIsBlankAfterTrimming() {
        assertCode(ErrorCode.VALIDATION, new ProductCommand.Create(ID, "   ", ""), Optional.empty());
    }

    @Test
    void updatesOnlyTheGivenFieldsWithoutExpectedVersion() {
        ProductChange change = ProductCommands.decide(
                new ProductCommand.Update(ID, Optional.empty(), Optional.of("Oiled walnut"), OptionalLong.empty()), Optional.of(STORED), NOW);

        assertEquals(new Product(ID, "Walnut desk", "Oiled walnut", 4, false, CREATED, NOW), change.product());
        assertEquals(ProductEventType.UPDATED, change.eventType());
    }

    @Test
    void updatesWhenTheExpectedVersionIsCurrent() {
        ProductChange change = ProductCommands.decide(
                new ProductCommand.Update(ID, Optional.of(" Desk "), Optional.empty(), OptionalLong.of(3)), Optional.of(STORED), NOW);

        assertEquals(new Product(ID, "Desk", "Solid walnut", 4, false, CREATED, NOW), change.product());
    }

    @Test
    void rejectsUpdateWhenVersionIsStale() {
        ProductCommandRejected rejected = assertCode(ErrorCode.VERSION_CONFLICT,
                new ProductCommand.Update(ID, Optional.of("Desk"), Optional.empty(), OptionalLong.of(2)), Optional.of(STORED));
        assertEquals("expected version 2 but the product is at version 3", rejected.getMessage());
    }

    @Test
    void rejectsUpdateOfAnUnknownProduct() {
        assertCode(ErrorCode.PRODUCT_NOT_FOUND, new ProductCommand.Update(ID, Optional.of("Desk"), Optional.empty(), OptionalLong.empty()),
                Optional.empty());
    }

    @Test
    void rejectsUpdateOfADeletedProduct() {
        assertCode(ErrorCode.PRODUCT_NOT_FOUND, new ProductCommand.Update(ID, Optional.of("Desk"), Optional.empty(), OptionalLong.empty()),
                Optional.of(deleted()));
    }

    @Test
    void deletesSoftlyWithTheNextVersion() {
        ProductChange change = ProductCommands.decide(new ProductCommand.Delete(ID, OptionalLong.empty()), Optional.of(STORED), NOW);

        assertEquals(new Product(ID, "Walnut desk", "Solid walnut", 4, true, CREATED, NOW), change.product());
        assertEquals(ProductEventType.DELETED, change.eventType());
    }

    @Test
    void rejectsDeleteWhenVersionIsStale() {
        assertCode(ErrorCode.VERSION_CONFLICT, new ProductCommand.Delete(ID, OptionalLong.of(4)), Optional.of(STORED));
    }

    @Test
    void rejectsDeleteOfAnUnknownProduct() {
        assertCode(ErrorCode.PRODUCT_NOT_FOUND, new ProductCommand.Delete(ID, OptionalLong.empty()), Optional.empty());
    }

    @Test
    void rejectsDeleteOfADeletedProduct() {
        assertCode(ErrorCode.PRODUCT_NOT_FOUND, new ProductCommand.Delete(ID, OptionalLong.empty()), Optional.of(deleted()));
    }

    private static Product deleted() {
        return new Product(ID, "Walnut desk", "Solid walnut", 4, true, CREATED, CREATED);
    }

    private static ProductCommandRejected assertCode(ErrorCode expected, ProductCommand command, Optional<Product> current) {
        ProductCommandRejected rejected = assertThrows(ProductCommandRejected.class, () -> ProductCommands.decide(command, current, NOW));
        assertEquals(expected, rejected.code());
        return rejected;
    }
}
