package dev.catalog.projection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** A {@link ProductViews} for handler tests: records calls and answers what the test set up. */
final class RecordingProductViews implements ProductViews {
    final List<ProductView> puts = new ArrayList<>();
    /** The views of each putAllIfNewer call. */
    final List<List<ProductView>> batches = new ArrayList<>();
    final Map<UUID, ProductView> stored = new HashMap<>();
    final List<ListCall> listCalls = new ArrayList<>();
    Function<ProductView, PutOutcome> putAnswer = view -> PutOutcome.APPLIED;
    final Deque<ProductPage> pages = new ArrayDeque<>();
    boolean unavailable;

    record ListCall(String lowerCasePrefix, int limit, Optional<PageCursor> after) {
    }

    @Override
    public PutOutcome putIfNewer(ProductView view) {
        failIfUnavailable();
        puts.add(view);
        return putAnswer.apply(view);
    }

    @Override
    public List<PutResult> putAllIfNewer(List<ProductView> views) {
        batches.add(List.copyOf(views));
        return ProductViews.super.putAllIfNewer(views);
    }

    @Override
    public Optional<ProductView> get(UUID productId) {
        failIfUnavailable();
        return Optional.ofNullable(stored.get(productId));
    }

    @Override
    public ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<PageCursor> after) {
        failIfUnavailable();
        listCalls.add(new ListCall(lowerCasePrefix, limit, after));
        return pages.isEmpty() ? new ProductPage(List.of(), Optional.empty()) : pages.removeFirst();
    }

    private void failIfUnavailable() {
        if (unavailable) {
            throw new ProductViewsUnavailableException("test", new RuntimeException("throttled"));
        }
    }
}
