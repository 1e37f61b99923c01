package dev.catalog.projection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A product as the HTTP API answers it. Attachments join the view with the attachment slice;
 * until then the list is always empty, so clients can rely on the field being there.
 */
record ProductRepresentation(
        UUID productId,
        String name,
        String description,
        long version,
        Instant createdAt,
        Instant updatedAt,
        List<Object> attachments) {

    public static ProductRepresentation of(ProductView view) {
        return new ProductRepresentation(view.productId(), view.name(), view.description(), view.version(),
                view.createdAt(), view.updatedAt(), List.of());
    }
}
