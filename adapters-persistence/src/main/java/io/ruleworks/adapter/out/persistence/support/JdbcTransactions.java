package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.transaction.TransactionOperations;
import io.ruleworks.application.port.out.transaction.Transactions;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.function.Supplier;

/** Transactions on the default datasource; a connection failure surfaces as DependencyUnavailableException. */
@Singleton
public class JdbcTransactions implements Transactions {

    private final TransactionOperations<Connection> operations;

    public JdbcTransactions(TransactionOperations<Connection> operations) {
        this.operations = operations;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        try {
            return operations.executeWrite(status -> work.get());
        } catch (RuntimeException e) {
            throw Jdbc.translate(e);
        }
    }

    @Override
    public <T> T inReplayableTransaction(Supplier<T> work) {
        try {
            return operations.executeWrite(status -> {
                relaxCommit(status.getConnection());
                return work.get();
            });
        } catch (RuntimeException e) {
            throw Jdbc.translate(e);
        }
    }

    /** This transaction's commit returns before its WAL record is flushed (see the port's contract). */
    static void relaxCommit(Connection connection) {
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF");
        } catch (java.sql.SQLException e) {
            throw new io.micronaut.data.exceptions.DataAccessException("could not relax commit", e);
        }
    }
}
