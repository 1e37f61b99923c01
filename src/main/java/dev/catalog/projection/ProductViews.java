package dev.catalog.projection;

import dev.catalog.config.FunctionEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The product views the projector writes and the read routes serve.
 *
 * <p>Every method but {@link #putAllIfNewer(List)} raises {@link ProductViewsUnavailableException}
 * when the store cannot answer; callers decide whether that is a retry (projector) or a 503 (HTTP).
 */
public interface ProductViews {

    /** The function's product views table (DynamoDB). */
    static ProductViews forFunction(FunctionEnvironment environment) {
        return new DynamoDbProductViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable());
    }

    /**
     * Stores the view unless the stored one is at the same or a later version, so that duplicate
     * and out-of-order events converge to the view of the highest version.
     *
     * @return {@link PutOutcome#APPLIED}, or {@link PutOutcome#STALE} when nothing changed
     */
    PutOutcome putIfNewer(ProductView view);

    /**
     * {@link #putIfNewer(ProductView)} for several products at once, in as few requests as the
     * store allows.
     *
     * <p>Never throws for a store failure: a view the store did not take comes back with its
     * {@link PutResult#storeError()}, and only that view needs a retry; the others were handled.
     * This default writes one view at a time; an adapter that can batch does better.
     *
     * @param views at most one per product (the caller keeps the highest version of each)
     * @return one result per view, in the order of {@code views}
     * @throws IllegalArgumentException if two views name the same product
     */
    default List<PutResult> putAllIfNewer(List<ProductView> views) {
        requireDistinctProducts(views);
        List<PutResult> results = new ArrayList<>();
        for (ProductView view : views) {
            try {
                results.add(PutResult.of(putIfNewer(view)));
            } catch (ProductViewsUnavailableException e) {
                results.add(PutResult.notWritten(e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName()));
            }
        }
        return results;
    }

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

    /**
     * What {@link #putAllIfNewer(List)} did with one view: its outcome, or, when the store did not
     * take it, the store's error code or exception class (never a message, which could quote the view).
     */
    record PutResult(Optional<PutOutcome> outcome, Optional<String> storeError) {

        public static PutResult of(PutOutcome outcome) {
            return new PutResult(Optional.of(outcome), Optional.empty());
        }

        public static PutResult notWritten(String storeError) {
            return new PutResult(Optional.empty(), Optional.of(storeError));
        }

        public boolean written() {
            return outcome.isPresent();
        }
    }

    /** @throws IllegalArgumentException if two of the views name the same product */
    static void requireDistinctProducts(List<ProductView> views) {
        if (views.stream().map(ProductView::productId).distinct().count() != views.size()) {
            throw new IllegalArgumentException("at most one view per product");
        }
    }

    /** What {@link #putIfNewer(ProductView)} did. */
    enum PutOutcome {
        APPLIED,
        /** The stored view already has this or a later version: a duplicate or late event. */
        STALE
    }
}
