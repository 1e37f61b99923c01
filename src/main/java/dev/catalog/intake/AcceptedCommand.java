package dev.catalog.intake;

import java.util.UUID;

/** What the API answers for an accepted command: the same on every retry of the request. */
record AcceptedCommand(UUID commandId, String type, UUID productId) {

    /** Where the command's status can be read. */
    public String location() {
        return "/v1/commands/" + commandId;
    }
}
