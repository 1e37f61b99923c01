package dev.catalog.projection;

import java.util.Optional;
import java.util.UUID;

/**
 * The product views the projector writes and the read routes serve.
 *
 * <p>Every method raises {@link ProductViewsUnavailableException} when the store cannot answer;
 * callers decide whether that is a retry (projector) or a 503 (HTTP).
 */
public interface ProductViews {

    /**
     * Stores the view unless the stored one is at the same or a later version, so that duplicate
     * and out-of-order events converge to the view of the highest version.
     *
     * @return {@link PutOutcome#APPLIED}, or {@link PutOutcome#STALE} when nothing changed
     */
    PutOutcome putIfNewer(ProductView view);

    /** The stored view, tombstones included (with {@code deleted} true); empty if never projected. */
    Optional<ProductView> get(UUID productId);

    /**
     * Live products whose lower-cased name starts with {@code lowerCasePrefix}, in name order.
     *
     * @param lowerCasePrefix already folded with {@link ProductView#nameKeyPrefix(String)}; empty for all
     * @param limit at most this many items
     * @param after where the previous page ended, if this is not the first page
     */
    ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<PageCursor> after);

    /** What {@link #putIfNewer(ProductView)} did. */
    enum PutOutcome {
        APPLIED,
        /** The stored view already has this or a later version: a duplicate or late event. */
        STALE
    }
}
