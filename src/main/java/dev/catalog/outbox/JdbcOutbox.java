package dev.catalog.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.db.DatabaseUnavailableException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The {@code outbox} table (V1 migration), used on a connection whose transaction the caller owns. */
public final class JdbcOutbox implements Outbox {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() { };

    private final Connection connection;
    private final ObjectMapper json;

    public JdbcOutbox(Connection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    @Override
    public PendingOutboxMessage append(OutboxMessage message) {
        String sql = "INSERT INTO outbox (topic, message_group_id, deduplication_id, attributes, body) "
                + "VALUES (?, ?, ?, ?::jsonb, ?::jsonb) RETURNING id";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, message.topic().column());
            insert.setString(2, message.messageGroupId());
            insert.setString(3, message.deduplicationId());
            insert.setString(4, json.writeValueAsString(message.attributes()));
            insert.setString(5, message.body());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new PendingOutboxMessage(row.getLong(1), message);
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not append to the outbox", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string attributes always serialise", e);
        }
    }

    @Override
    public List<PendingOutboxMessage> lockUnpublished(Duration olderThan, int limit) {
        // body::text returns jsonb's normalised text: the same JSON, possibly with other spacing and key order.
        String sql = "SELECT id, topic, message_group_id, deduplication_id, attributes::text, body::text FROM outbox "
                + "WHERE published_at IS NULL AND created_at < now() - make_interval(secs => ?) "
                + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setDouble(1, olderThan.toMillis() / 1000.0);
            select.setInt(2, limit);
            List<PendingOutboxMessage> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new PendingOutboxMessage(row.getLong(1), new OutboxMessage(
                            OutboxTopic.fromColumn(row.getString(2)), row.getString(3), row.getString(4),
                            json.readValue(row.getString(5), ATTRIBUTES), row.getString(6))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not read the outbox", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox attributes are not a map of strings", e);
        }
    }

    @Override
    public void markPublished(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox SET published_at = now() WHERE id = ANY (?) AND published_at IS NULL")) {
            Array idArray = connection.createArrayOf("bigint", ids.toArray());
            update.setArray(1, idArray);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not mark outbox rows published", e);
        }
    }
}
