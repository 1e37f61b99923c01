package dev.catalog.product;

import dev.catalog.db.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The {@code products} table (V2 migration), on a connection whose transaction the caller owns. */
final class JdbcProductStore implements ProductStore {
    private final Connection connection;

    public JdbcProductStore(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<Product> findForUpdate(UUID productId) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, description, version, deleted, created_at, updated_at FROM products WHERE id = ? FOR UPDATE")) {
            select.setObject(1, productId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Product(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getLong(4),
                        row.getBoolean(5), row.getObject(6, OffsetDateTime.class).toInstant(),
                        row.getObject(7, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not read product", e);
        }
    }

    @Override
    public void insert(Product product) {
        // ON CONFLICT rather than catching the unique violation: an error would abort the transaction,
        // and the FAILED reply still has to be written in it.
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO products (id, name, description, version, deleted, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setObject(1, product.id());
            insert.setString(2, product.name());
            insert.setString(3, product.description());
            insert.setLong(4, product.version());
            insert.setBoolean(5, product.deleted());
            insert.setObject(6, OffsetDateTime.ofInstant(product.createdAt(), ZoneOffset.UTC));
            insert.setObject(7, OffsetDateTime.ofInstant(product.updatedAt(), ZoneOffset.UTC));
            if (insert.executeUpdate() == 0) {
                throw new ProductAlreadyExists(product.id());
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not insert product", e);
        }
    }

    @Override
    public void update(Product product) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE products SET name = ?, description = ?, version = ?, deleted = ?, updated_at = ? WHERE id = ? AND version = ?")) {
            update.setString(1, product.name());
            update.setString(2, product.description());
            update.setLong(3, product.version());
            update.setBoolean(4, product.deleted());
            update.setObject(5, OffsetDateTime.ofInstant(product.updatedAt(), ZoneOffset.UTC));
            update.setObject(6, product.id());
            update.setLong(7, product.version() - 1);
            if (update.executeUpdate() != 1) {
                // Unreachable while the row is locked FOR UPDATE; guards against a caller that forgot the lock.
                throw new IllegalStateException("product " + product.id() + " is not at version " + (product.version() - 1));
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not update product", e);
        }
    }
}
