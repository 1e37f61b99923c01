package dev.catalog.imports;

import dev.catalog.messaging.Reply;

/** Sends an import's reply to the replies topic. Adapters raise {@link ImportReplyFailedException}. */
public interface ImportReplies {
    void publish(Reply reply);
}
