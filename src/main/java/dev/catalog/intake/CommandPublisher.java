package dev.catalog.intake;

import dev.catalog.messaging.CommandEnvelope;
import java.util.List;

/**
 * Sends accepted commands to the workers (the commands topic).
 *
 * <p>Publishing the same command again is safe: it is deduplicated by its command id. Adapters
 * translate their failures into {@link CommandPublishFailedException}.
 */
public interface CommandPublisher {

    void publish(CommandEnvelope command);

    /**
     * Publishes up to ten commands in one call, in order. Succeeds only when every one of them was
     * published; otherwise the exception names the commands that were not.
     */
    void publishAll(List<CommandEnvelope> commands);
}
