package dev.catalog.intake;

import java.util.List;
import java.util.UUID;

/** Some commands were not published; they stay ACCEPTED so a retry of the request publishes them. */
class CommandPublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<UUID> unpublishedCommandIds;

    public CommandPublishFailedException(List<UUID> unpublishedCommandIds, String message, Throwable cause) {
        super(message, cause);
        this.unpublishedCommandIds = List.copyOf(unpublishedCommandIds);
    }

    public List<UUID> unpublishedCommandIds() {
        return unpublishedCommandIds;
    }
}
