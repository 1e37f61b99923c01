package dev.catalog.projection;

import dev.catalog.product.ProductRules;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A product as the read side shows it: the snapshot carried by its latest applied event.
 *
 * @param deleted true for a tombstone: kept so that a late, older event cannot bring the product back
 */
public record ProductView(
        UUID productId,
        String name,
        String description,
        long version,
        boolean deleted,
        Instant createdAt,
        Instant updatedAt) {

    public ProductView {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    /**
     * The sort key of the name listing: lower-cased name, then the id so that equal names stay
     * distinct and the order is stable across pages.
     */
    public String nameKey() {
        return nameKeyPrefix(name) + "#" + productId;
    }

    /**
     * How a name, or a prefix of one, is folded before it is compared in the listing: lower case,
     * then NFC as names are stored, so a prefix typed decomposed finds the names stored composed.
     */
    public static String nameKeyPrefix(String nameOrPrefix) {
        return ProductRules.normalized(nameOrPrefix.toLowerCase(Locale.ROOT));
    }
}
