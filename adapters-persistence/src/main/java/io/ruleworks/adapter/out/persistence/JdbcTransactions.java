package io.ruleworks.adapter.out.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.ruleworks.application.port.out.Transactions;
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
}
