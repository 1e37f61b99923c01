package dev.catalog.projection;

import dev.catalog.config.FunctionEnvironment;
import java.util.Optional;
import java.util.UUID;

/**
 * The attachments listed in the product views (the {@code attachments} map of each product's
 * item). Every method raises {@link ProductViewsUnavailableException} when the store cannot answer.
 */
public interface AttachmentViews {

    /** The attachments in the function's product views table (DynamoDB). */
    static AttachmentViews forFunction(FunctionEnvironment environment) {
        return new DynamoDbAttachmentViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable());
    }

    /**
     * Stores the attachment in its product's view unless that view already lists it at the same or
     * a later version, so duplicate and late events converge.
     *
     * @return APPLIED; STALE when nothing changed (including a product that has no view: its
     *     events come first on the same FIFO group, so there is nothing the attachment could join)
     */
    ProductViews.PutOutcome putIfNewer(AttachmentView attachment);

    /** The attachment of a live product; empty for an unknown one or when the product is deleted. */
    Optional<AttachmentView> get(UUID productId, UUID attachmentId);
}
