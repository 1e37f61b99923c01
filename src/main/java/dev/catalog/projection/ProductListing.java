package dev.catalog.projection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answer of {@code GET /v1/products}: one page, and the cursor of the next one when there may be more. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProductListing(List<ProductRepresentation> items, String nextCursor) {

    public static ProductListing of(ProductPage page) {
        return new ProductListing(page.items().stream().map(ProductRepresentation::of).toList(),
                page.next().map(PageCursor::encode).orElse(null));
    }
}
