package dev.catalog.product;

import java.util.Optional;
import java.util.UUID;

/** Products as the source of truth keeps them. Every method runs in the caller's transaction. */
interface ProductStore {

    /**
     * The product, deleted ones included, locked until the transaction ends so no other command
     * changes it in between.
     */
    Optional<Product> findForUpdate(UUID productId);

    /** @throws ProductAlreadyExists when a product with this id exists (a race with another create) */
    void insert(Product product);

    /** Replaces the stored product with {@code product}, which has the next version. */
    void update(Product product);
}
