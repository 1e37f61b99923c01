package dev.catalog.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A product command as the client asked for it, after validation.
 *
 * @param productId       the product it changes; null for product.create, whose id the API chooses
 * @param clientCommandId the command id the client chose (bulk route), or null
 * @param fields          the payload without productId, normalised (names trimmed): what the request hash covers
 */
public record ValidatedCommand(String type, UUID productId, UUID clientCommandId, ObjectNode fields) {
}
