package dev.catalog.product;

import dev.catalog.messaging.Reply.ErrorCode;

/**
 * A command that can never succeed as sent. It is answered with a FAILED reply carrying
 * {@link #code()} and is not retried. The message is safe to return to clients and to log.
 */
abstract sealed class ProductCommandRejected extends RuntimeException
        permits ProductNotFound, ProductAlreadyExists, VersionConflict, InvalidProduct {
    private static final long serialVersionUID = 1L;

    protected ProductCommandRejected(String message) {
        super(message, null, false, false);
    }

    public abstract ErrorCode code();
}
