package dev.catalog.product;

import dev.catalog.messaging.Reply.ErrorCode;

/** The command would leave the product with an invalid field. */
final class InvalidProduct extends ProductCommandRejected {
    private static final long serialVersionUID = 1L;

    public InvalidProduct(String reason) {
        super(reason);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.VALIDATION;
    }
}
