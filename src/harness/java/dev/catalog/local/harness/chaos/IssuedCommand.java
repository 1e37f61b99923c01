package dev.catalog.local.harness.chaos;

import java.util.UUID;

/**
 * A command the API accepted (answered 202), as the client sent it: what the audit expects to
 * find completed, and applied exactly once.
 *
 * @param name            the name it sets; null when it sets none
 * @param description     the description it sets; null when it sets none
 * @param expectedVersion the version it insists on; null when it does not
 * @param bulk            true when it came through {@code POST /v1/commands}
 */
public record IssuedCommand(UUID commandId, String type, UUID productId, String name, String description,
                            Long expectedVersion, boolean bulk) {
    public static final String CREATE = "product.create";
    public static final String UPDATE = "product.update";
    public static final String DELETE = "product.delete";
}
