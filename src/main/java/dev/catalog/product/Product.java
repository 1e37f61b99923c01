package dev.catalog.product;

import java.time.Instant;
import java.util.UUID;

/** The product aggregate as stored in Aurora; {@code version} starts at 1 and grows by one per change. */
public record Product(UUID id, String name, String description, long version, boolean deleted,
                     Instant createdAt, Instant updatedAt) {
}
