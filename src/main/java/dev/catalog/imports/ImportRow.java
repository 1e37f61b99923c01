package dev.catalog.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * One data line of an import as a request body the API's rules can check.
 *
 * @param productId the product to update; null for a create
 * @param body      the fields as a product route would receive them (name, description, expectedVersion)
 * @param problems  what is wrong with the line before the API's rules are even asked (bad CSV, bad JSON)
 */
record ImportRow(int line, UUID productId, ObjectNode body, List<String> problems) {
}
