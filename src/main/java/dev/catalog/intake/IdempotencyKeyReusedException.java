package dev.catalog.intake;

import java.util.List;

/**
 * A command id (derived from an idempotency key, or chosen by the client) is already taken by a
 * different request. Nothing was published.
 *
 * @param positions the positions, within the submitted commands, of the commands concerned
 */
class IdempotencyKeyReusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Integer> positions;

    public IdempotencyKeyReusedException(List<Integer> positions) {
        super("idempotency key already used for a different request");
        this.positions = List.copyOf(positions);
    }

    public List<Integer> positions() {
        return positions;
    }
}
