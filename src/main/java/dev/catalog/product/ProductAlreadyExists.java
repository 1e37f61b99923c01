package dev.catalog.product;

import dev.catalog.messaging.Reply.ErrorCode;
import java.util.UUID;

/** A product with this id exists already. */
final class ProductAlreadyExists extends ProductCommandRejected {
    private static final long serialVersionUID = 1L;

    public ProductAlreadyExists(UUID productId) {
        super("product " + productId + " already exists");
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.PRODUCT_ALREADY_EXISTS;
    }
}
