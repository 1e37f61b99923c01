package dev.catalog.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The chaos suite's database outage: stopped, unreachable, back on the same port with its data. */
class EmbeddedPostgresRestartIT {

    @Test
    void aRestartedServerAnswersOnTheSamePortWithTheDataItHadAndTheConnectionsItCutStayCut() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"))) {
            dev.catalog.testsupport.Schema.createMigrated(postgres, "restart_check");
            DataSource database = postgres.dataSource("restart_check");
            int port = postgres.port();
            Connection before = database.getConnection();
            try (Statement insert = before.createStatement()) {
                insert.execute("INSERT INTO processed_commands (command_id, command_type) "
                        + "VALUES ('6f1c2f52-8a53-4a4e-9d87-0d7f4c1f0a11', 'product.create')");
            }

            postgres.stop();

            assertThrows(SQLException.class, database::getConnection, "nobody answers while the server is down");
            assertThrows(SQLException.class, () -> before.createStatement().executeQuery("SELECT 1"),
                    "a connection the stop cut does not come back by itself");

            postgres.restart();

            assertEquals(port, postgres.port());
            try (Connection after = database.getConnection(); Statement query = after.createStatement();
                 ResultSet count = query.executeQuery("SELECT count(*) FROM processed_commands")) {
                count.next();
                assertEquals(1, count.getInt(1), "the committed row survived the restart");
            }
        }
    }
}
