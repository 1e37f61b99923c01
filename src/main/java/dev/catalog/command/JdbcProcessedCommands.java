package dev.catalog.command;

import dev.catalog.db.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The {@code processed_commands} table (V1 migration), on a connection whose transaction the caller owns. */
public final class JdbcProcessedCommands implements ProcessedCommands {
    private final Connection connection;

    public JdbcProcessedCommands(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean markProcessed(UUID commandId, String commandType) {
        // ON CONFLICT keeps the transaction usable: a duplicate is an answer, not an error.
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO processed_commands (command_id, command_type) VALUES (?, ?) ON CONFLICT (command_id) DO NOTHING")) {
            insert.setObject(1, commandId);
            insert.setString(2, commandType);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not record processed command", e);
        }
    }
}
