package dev.catalog.product;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The product rules: given a command and the product as stored (if any), the product after the
 * command and the event announcing it, or why the command is rejected. No I/O.
 */
public final class ProductCommands {

    private ProductCommands() {
    }

    /**
     * @param current the stored product, deleted ones included
     * @param now     the change's time: {@code createdAt}/{@code updatedAt} of the result
     * @throws ProductCommandRejected when the command cannot apply to {@code current}
     */
    public static ProductChange decide(ProductCommand command, Optional<Product> current, Instant now) {
        if (command instanceof ProductCommand.Create create) {
            return create(create, current, now);
        }
        if (command instanceof ProductCommand.Update update) {
            return update(update, current, now);
        }
        return delete((ProductCommand.Delete) command, current, now);
    }

    private static ProductChange create(ProductCommand.Create create, Optional<Product> current, Instant now) {
        // A deleted product keeps its id: re-creating it would hand out a version number twice.
        if (current.isPresent()) {
            throw new ProductAlreadyExists(create.productId());
        }
        Product created = new Product(create.productId(), validName(create.name()), validDescription(create.description()),
                1, false, now, now);
        return new ProductChange(created, ProductEventType.CREATED);
    }

    private static ProductChange update(ProductCommand.Update update, Optional<Product> current, Instant now) {
        Product product = existing(update.productId(), current, update.expectedVersion());
        Product updated = new Product(product.id(),
                update.name().map(ProductCommands::validName).orElse(product.name()),
                update.description().map(ProductCommands::validDescription).orElse(product.description()),
                product.version() + 1, false, product.createdAt(), now);
        return new ProductChange(updated, ProductEventType.UPDATED);
    }

    private static ProductChange delete(ProductCommand.Delete delete, Optional<Product> current, Instant now) {
        Product product = existing(delete.productId(), current, delete.expectedVersion());
        Product deleted = new Product(product.id(), product.name(), product.description(), product.version() + 1, true,
                product.createdAt(), now);
        return new ProductChange(deleted, ProductEventType.DELETED);
    }

    private static Product existing(UUID productId, Optional<Product> current, OptionalLong expectedVersion) {
        Product product = current.filter(stored -> !stored.deleted()).orElseThrow(() -> new ProductNotFound(productId));
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != product.version()) {
            throw new VersionConflict(expectedVersion.getAsLong(), product.version());
        }
        return product;
    }

    private static String validName(String name) {
        String normalized = ProductRules.normalizedName(name);
        ProductRules.nameProblem(normalized).ifPresent(problem -> {
            throw new InvalidProduct("name " + problem);
        });
        return normalized;
    }

    private static String validDescription(String description) {
        ProductRules.descriptionProblem(description).ifPresent(problem -> {
            throw new InvalidProduct("description " + problem);
        });
        return description;
    }
}
