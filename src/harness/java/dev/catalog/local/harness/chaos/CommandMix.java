package dev.catalog.local.harness.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The commands the chaos clients send: creates until the planned number of products exists, then
 * updates (a quarter of them insisting on a version, sometimes a stale one) and deletes, on
 * products any client created, so commands of different clients meet on the same product. Some
 * fail by design: updates of deleted products, stale expected versions.
 *
 * <p>Each client draws from its own generator seeded from the run's seed; the products they share
 * are the only coupling between them.
 */
final class CommandMix {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int plannedProducts;
    private final double createShare;
    private final List<UUID> known = new ArrayList<>();
    /** Accepted updates and deletes per product: what the version would be if every one of them succeeded. */
    private final Map<UUID, Long> acceptedChanges = new HashMap<>();
    private int createsHandedOut;

    CommandMix(int plannedProducts, int plannedCommands) {
        this.plannedProducts = plannedProducts;
        // A little more than the products' share of the commands, so the creates are done well before the end.
        this.createShare = Math.min(1.0, 1.25 * plannedProducts / plannedCommands);
    }

    /** One command as a client sends it; {@code productId} is null for a create (the API names the product). */
    record PlannedCommand(String type, UUID productId, String name, String description, Long expectedVersion) {

        /** The item of a {@code POST /v1/commands} body, under a client-chosen command id. */
        ObjectNode bulkItem(UUID commandId) {
            ObjectNode item = JSON.createObjectNode().put("commandId", commandId.toString()).put("type", type);
            ObjectNode payload = item.putObject("payload");
            if (productId != null) {
                payload.put("productId", productId.toString());
            }
            fields(payload);
            return item;
        }

        /** The body of the single-command route ({@code null} for a delete, which carries its version in the query). */
        String singleBody() {
            if (IssuedCommand.DELETE.equals(type)) {
                return null;
            }
            ObjectNode body = JSON.createObjectNode();
            fields(body);
            return body.toString();
        }

        private void fields(ObjectNode into) {
            if (name != null) {
                into.put("name", name);
            }
            if (description != null) {
                into.put("description", description);
            }
            if (expectedVersion != null) {
                into.put("expectedVersion", expectedVersion);
            }
        }

        IssuedCommand accepted(UUID commandId, UUID acceptedProductId, boolean bulk) {
            return new IssuedCommand(commandId, type, acceptedProductId, name, description, expectedVersion, bulk);
        }
    }

    /** The next command of a client, drawn from that client's generator. */
    synchronized PlannedCommand next(Random random) {
        boolean mustCreate = known.size() < 3;
        if (createsHandedOut < plannedProducts && (mustCreate || random.nextDouble() < createShare)) {
            createsHandedOut++;
            return new PlannedCommand(IssuedCommand.CREATE, null, "Chaos product " + createsHandedOut,
                    "Created by a chaos client " + Long.toHexString(random.nextLong()), null);
        }
        if (known.isEmpty()) {
            // Every create is handed out but none accepted yet: change a product that does not exist (fails by design).
            return new PlannedCommand(IssuedCommand.UPDATE, new UUID(random.nextLong(), random.nextLong()), "Nobody's", null, null);
        }
        UUID productId = known.get(random.nextInt(known.size()));
        long predictedVersion = 1 + acceptedChanges.getOrDefault(productId, 0L);
        double roll = random.nextDouble();
        if (roll < 0.08) {
            return new PlannedCommand(IssuedCommand.DELETE, productId, null, null,
                    random.nextDouble() < 0.25 ? predictedVersion : null);
        }
        Long expectedVersion = roll < 0.30 ? (random.nextBoolean() ? predictedVersion : Math.max(1, predictedVersion - 1)) : null;
        String revision = Long.toString(random.nextInt(1_000_000));
        return switch (random.nextInt(3)) {
            case 0 -> new PlannedCommand(IssuedCommand.UPDATE, productId, "Chaos product rev " + revision, null, expectedVersion);
            case 1 -> new PlannedCommand(IssuedCommand.UPDATE, productId, null, "Revised " + revision, expectedVersion);
            default -> new PlannedCommand(IssuedCommand.UPDATE, productId, "Chaos product rev " + revision,
                    "Revised " + revision, expectedVersion);
        };
    }

    /** Records an accepted command: a created product becomes known, a change moves the predicted version. */
    synchronized void accepted(IssuedCommand command) {
        if (IssuedCommand.CREATE.equals(command.type())) {
            known.add(command.productId());
        } else {
            acceptedChanges.merge(command.productId(), 1L, Long::sum);
        }
    }
}
