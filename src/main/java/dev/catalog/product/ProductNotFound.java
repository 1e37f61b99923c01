package dev.catalog.product;

import dev.catalog.messaging.Reply.ErrorCode;
import java.util.UUID;

/** The product does not exist or was deleted. */
final class ProductNotFound extends ProductCommandRejected {
    private static final long serialVersionUID = 1L;

    public ProductNotFound(UUID productId) {
        super("product " + productId + " does not exist or was deleted");
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.PRODUCT_NOT_FOUND;
    }
}
