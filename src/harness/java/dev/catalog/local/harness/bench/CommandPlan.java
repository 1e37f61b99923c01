package dev.catalog.local.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which commands the benchmark sends for each product, in the order they must apply: the create
 * first, then updates (every other one guarded by the version it expects), and for one product in
 * five a delete last. Every command is valid when the commands of a product apply in this order, so
 * none of them should fail.
 */
final class CommandPlan {
    /** The product count of the benchmark: N commands over 2,000 products. */
    static final int DEFAULT_PRODUCTS = 2000;
    /** Few enough products for a small N still gives each product a create and some changes. */
    static final int COMMANDS_PER_PRODUCT_AT_LEAST = 10;

    enum Kind { CREATE, UPDATE, DELETE }

    /**
     * One command of the plan.
     *
     * @param expectedVersion the version the command is conditional on, when it is
     * @param name the product name after an update (or at creation); null for deletes
     */
    record PlannedCommand(int productIndex, Kind kind, int step, OptionalLong expectedVersion, String name, String description) {
    }

    private final List<List<PlannedCommand>> byProduct;

    private CommandPlan(List<List<PlannedCommand>> byProduct) {
        this.byProduct = byProduct;
    }

    /** {@code commands} over {@link #productsFor(int, int) productsFor(commands, maxProducts)} products. */
    static CommandPlan of(int commands, int maxProducts) {
        if (commands < 1 || maxProducts < 1) {
            throw new IllegalArgumentException("need at least one command and one product");
        }
        int products = productsFor(commands, maxProducts);
        List<List<PlannedCommand>> byProduct = new ArrayList<>(products);
        int base = commands / products;
        int extra = commands % products;
        for (int product = 0; product < products; product++) {
            byProduct.add(commandsOf(product, base + (product < extra ? 1 : 0)));
        }
        return new CommandPlan(byProduct);
    }

    /** At most {@code maxProducts}, and few enough that each product gets about ten commands. */
    static int productsFor(int commands, int maxProducts) {
        return Math.max(1, Math.min(maxProducts, commands / COMMANDS_PER_PRODUCT_AT_LEAST));
    }

    private static List<PlannedCommand> commandsOf(int product, int count) {
        List<PlannedCommand> commands = new ArrayList<>(count);
        String baseName = "Bench product " + product;
        commands.add(new PlannedCommand(product, Kind.CREATE, 0, OptionalLong.empty(), baseName, "Created by the benchmark"));
        long version = 1;
        boolean deleted = count >= 2 && product % 5 == 0;
        int updates = count - 1 - (deleted ? 1 : 0);
        for (int step = 1; step <= updates; step++) {
            OptionalLong expected = step % 2 == 0 ? OptionalLong.of(version) : OptionalLong.empty();
            String description = step % 3 == 0 ? "Revision " + step + " of product " + product : null;
            commands.add(new PlannedCommand(product, Kind.UPDATE, step, expected, baseName + " rev " + step, description));
            version++;
        }
        if (deleted) {
            OptionalLong expected = product % 10 == 0 ? OptionalLong.of(version) : OptionalLong.empty();
            commands.add(new PlannedCommand(product, Kind.DELETE, updates + 1, expected, null, null));
        }
        return commands;
    }

    int products() {
        return byProduct.size();
    }

    int commands() {
        return byProduct.stream().mapToInt(List::size).sum();
    }

    /** The commands of one product, in the order they must apply. */
    List<PlannedCommand> commandsOf(int product) {
        return byProduct.get(product);
    }

    long count(Kind kind) {
        return byProduct.stream().flatMap(List::stream).filter(command -> command.kind() == kind).count();
    }
}
