package dev.catalog.db;

import dev.catalog.config.FunctionEnvironment;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one READ COMMITTED transaction on the container's {@link Database} connection:
 * committed when the work returns, rolled back when it throws. Work that needs a row to stay put
 * locks it itself ({@code SELECT ... FOR UPDATE}).
 */
public final class JdbcTransactions {
    private final Database database;

    private static JdbcTransactions lambda;

    /**
     * On a database connection of its own (the Aurora cluster the function's settings name, IAM
     * auth): one per handler instance, which serves one invocation at a time.
     */
    public static JdbcTransactions forFunction(FunctionEnvironment environment) {
        return new JdbcTransactions(new Database(environment.settings().requireDatabase(), environment.clients().settings()));
    }

    /** The Lambda container's one connection, shared by the stores of its one handler instance. */
    public static synchronized JdbcTransactions forLambda() {
        if (lambda == null) {
            lambda = forFunction(FunctionEnvironment.fromLambda());
        }
        return lambda;
    }

    public JdbcTransactions(Database database) {
        this.database = database;
    }

    /** What runs inside the transaction; SQL exceptions roll it back. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * @throws DatabaseUnavailableException when the database fails (after rolling back)
     * @throws RuntimeException             whatever the work throws, after rolling back
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        Connection connection;
        try {
            connection = database.connection();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not begin a transaction", e);
        }
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            throw new DatabaseUnavailableException("transaction failed: SQLState " + e.getSQLState(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // the connection is most likely gone, which rolls the transaction back on the server anyway
            failure.addSuppressed(rollbackFailure);
        }
    }
}
