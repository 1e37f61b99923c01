package dev.catalog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.testsupport.DeclaredTables;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attachments inside the product views, against DynamoDB Local with ProductViewsTable as declared. */
class DynamoDbAttachmentViewsIT {
    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    private static DeclaredTables tables;
    private static DynamoDbProductViews products;
    private static DynamoDbAttachmentViews attachments;

    @BeforeAll
    static void createTable() throws Exception {
        tables = DeclaredTables.start("ProductViewsTable");
        String tableName = tables.tableName("ProductViewsTable");
        products = new DynamoDbProductViews(tables.dynamoDb(), tableName);
        attachments = new DynamoDbAttachmentViews(tables.dynamoDb(), tableName);
    }

    @AfterAll
    static void stop() throws Exception {
        tables.close();
    }

    @Test
    void attachmentsAndProductEventsKeepEachOthersHalfOfTheItem() {
        UUID productId = UUID.randomUUID();
        UUID attachmentId = UUID.randomUUID();
        products.putIfNewer(product(productId, 1, false));
        AttachmentView stored = attachment(productId, attachmentId, "STORED", 1);

        assertEquals(PutOutcome.APPLIED, attachments.putIfNewer(stored));
        assertEquals(PutOutcome.STALE, attachments.putIfNewer(stored), "a duplicate changes nothing");
        assertEquals(PutOutcome.APPLIED, products.putIfNewer(product(productId, 2, false)));

        assertEquals(Optional.of(stored), attachments.get(productId, attachmentId), "a product event keeps the attachments");
        assertEquals(2, products.get(productId).orElseThrow().version(), "an attachment event keeps the product");

        AttachmentView deleted = attachment(productId, attachmentId, "DELETED", 2);
        assertEquals(PutOutcome.APPLIED, attachments.putIfNewer(deleted));
        assertEquals(PutOutcome.STALE, attachments.putIfNewer(stored), "a late stored event cannot undo the delete");
        assertEquals("DELETED", attachments.get(productId, attachmentId).orElseThrow().status());
    }

    @Test
    void noViewNoAttachmentAndDeletedProductsHideTheirAttachments() {
        UUID productId = UUID.randomUUID();
        UUID attachmentId = UUID.randomUUID();
        assertEquals(PutOutcome.STALE, attachments.putIfNewer(attachment(productId, attachmentId, "STORED", 1)));
        assertTrue(products.get(productId).isEmpty(), "an attachment event never invents a product view");

        products.putIfNewer(product(productId, 1, false));
        attachments.putIfNewer(attachment(productId, attachmentId, "STORED", 1));
        products.putIfNewer(product(productId, 2, true));
        assertTrue(attachments.get(productId, attachmentId).isEmpty());
        assertTrue(attachments.get(UUID.randomUUID(), attachmentId).isEmpty());
    }

    private static ProductView product(UUID id, long version, boolean deleted) {
        return new ProductView(id, "Desk " + id, "", version, deleted, AT, AT.plusSeconds(version));
    }

    private static AttachmentView attachment(UUID productId, UUID attachmentId, String status, long version) {
        return new AttachmentView(productId, attachmentId, "Plan.pdf", "application/pdf", 1234, "ab".repeat(32), status,
                null, version, AT, AT.plusSeconds(version));
    }

}
