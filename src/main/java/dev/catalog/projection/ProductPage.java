package dev.catalog.projection;

import java.util.List;
import java.util.Optional;

/** One page of the name listing and, when more may follow, where the next page starts. */
public record ProductPage(List<ProductView> items, Optional<PageCursor> next) {
    public ProductPage {
        items = List.copyOf(items);
    }
}
