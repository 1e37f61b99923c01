package dev.catalog.product;

import dev.catalog.messaging.Reply.ErrorCode;

/** The command expected another version than the current one. */
final class VersionConflict extends ProductCommandRejected {
    private static final long serialVersionUID = 1L;

    public VersionConflict(long expectedVersion, long currentVersion) {
        super("expected version " + expectedVersion + " but the product is at version " + currentVersion);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.VERSION_CONFLICT;
    }
}
