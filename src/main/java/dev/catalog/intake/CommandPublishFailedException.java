package dev.catalog.intake;

import java.util.List;
import java.util.UUID;

/**
 * Some commands were not published; they stay ACCEPTED so a retry of the request publishes them.
 * {@link #throttled()} when the topic refused them for load: the caller should slow down, not only retry.
 */
class CommandPublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<UUID> unpublishedCommandIds;
    private final boolean throttled;

    public CommandPublishFailedException(List<UUID> unpublishedCommandIds, String message, Throwable cause) {
        this(unpublishedCommandIds, message, cause, false);
    }

    public CommandPublishFailedException(List<UUID> unpublishedCommandIds, String message, Throwable cause, boolean throttled) {
        super(message, cause);
        this.unpublishedCommandIds = List.copyOf(unpublishedCommandIds);
        this.throttled = throttled;
    }

    public boolean throttled() {
        return throttled;
    }

    public List<UUID> unpublishedCommandIds() {
        return unpublishedCommandIds;
    }
}
