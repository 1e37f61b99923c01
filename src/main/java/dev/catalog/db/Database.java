package dev.catalog.db;

import dev.catalog.aws.ClientSettings;
import dev.catalog.config.CatalogSettings.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The one Aurora connection of a warm function container (RDS Proxy multiplexes them in AWS).
 *
 * <p>The password is an IAM authentication token made locally from the function's credentials, so
 * no database secret exists to leak. A broken connection is replaced on the next {@link #connection()}.
 */
public final class Database implements AutoCloseable {
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DatabaseSettings settings;
    private final ClientSettings clientSettings;
    private final IamAuthTokens tokens;
    private Connection connection;

    public Database(DatabaseSettings settings, ClientSettings clientSettings) {
        this.settings = settings;
        this.clientSettings = clientSettings;
        this.tokens = new IamAuthTokens(clientSettings.credentials(), clientSettings.region());
    }

    /** An open connection, reconnecting when the previous one was lost. */
    public synchronized Connection connection() throws SQLException {
        if (connection != null && connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
            return connection;
        }
        closeQuietly();
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", tokens.tokenFor(settings.host(), settings.port(), settings.user()));
        properties.setProperty("ApplicationName", "catalog");
        // Server error details quote row values ("Failing row contains ..."), which are payload:
        // keep them out of exception messages, and so out of logs.
        properties.setProperty("logServerErrorDetail", "false");
        properties.putAll(tls(clientSettings, settings.rootCertificate()));
        connection = DriverManager.getConnection(
                "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database(), properties);
        return connection;
    }

    /**
     * The driver's TLS properties, for every connection the functions open (this one, and the
     * migration function's admin connection). IAM authentication needs TLS, and a token sent to a
     * server that was not checked could be replayed by it: the driver encrypts, checks the server's
     * certificate against the Amazon RDS authorities ({@link DatabaseTrust}), or only
     * {@code rootCertificate} when one is named (libpq's {@code PGSSLROOTCERT}), and its host name.
     */
    public static Properties tls(ClientSettings clientSettings, java.util.Optional<String> rootCertificate) {
        Properties properties = new Properties();
        rootCertificate.ifPresent(file -> properties.setProperty("sslrootcert", file));
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslfactory", DatabaseTrust.class.getName());
        clientSettings.configureJdbc(properties);
        return properties;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection was already unusable; a new one replaces it
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
