package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.data.exceptions.DataAccessException;
import io.ruleworks.application.port.DependencyUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database is unreachable" (503 with a retry hint) and which pass through untouched. */
class JdbcTranslateTest {

    private static RuntimeException wrapped(Throwable cause) {
        return new DataAccessException("Error executing SQL Callback: " + cause.getMessage(), cause);
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"08001", "08003", "08006", "08004", "57P01", "57P02", "57P03", "53300"})
    void a_connection_state_becomes_dependency_unavailable(String sqlState) {
        RuntimeException failure = wrapped(new SQLException("connection trouble", sqlState));

        RuntimeException translated = Jdbc.translate(failure);

        assertThat(translated).isInstanceOf(DependencyUnavailableException.class).hasCause(failure);
        assertThat(((DependencyUnavailableException) translated).dependency()).isEqualTo("database");
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"22P05", "22021", "22008", "22003", "54000", "54001"})
    void a_write_whose_value_is_refused_as_such_is_not_storable(String sqlState) {
        RuntimeException failure = wrapped(new SQLException("refused", sqlState));

        assertThat(Jdbc.translateWrite(failure)).isInstanceOf(io.ruleworks.application.port.NotStorableException.class)
                .hasCause(failure);
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"40001", "40P01", "55P03", "57014", "53100", "53200", "XX000"})
    void a_transient_write_failure_is_not_a_refused_value(String sqlState) {
        RuntimeException failure = wrapped(new SQLException("transient", sqlState));

        assertThat(Jdbc.translateWrite(failure)).isSameAs(failure);
    }

    @Test
    void a_write_that_cannot_reach_the_database_is_unavailable_not_refused() {
        RuntimeException failure = wrapped(new SQLException("gone", "08006"));

        assertThat(Jdbc.translateWrite(failure)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void a_pool_timeout_becomes_dependency_unavailable() {
        RuntimeException failure = wrapped(new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));

        assertThat(Jdbc.translate(failure)).isInstanceOf(DependencyUnavailableException.class).hasCause(failure);
    }

    @Test
    void a_refused_socket_deep_in_the_cause_chain_becomes_dependency_unavailable() {
        RuntimeException failure = new IllegalStateException("outer",
                wrapped(new SQLException("Connection refused", (String) null, new ConnectException("Connection refused"))));

        assertThat(Jdbc.translate(failure)).isInstanceOf(DependencyUnavailableException.class).hasCause(failure);
    }

    @Test
    void a_pooled_connection_closed_under_a_transaction_becomes_dependency_unavailable() {
        // what Micronaut Data threw at the start of an outage (answered 500 before): Hikari's closed
        // proxy connection carries no SQL state
        RuntimeException failure = new io.micronaut.data.connection.exceptions.ConnectionException(
                "Could not set JDBC Connection [com.zaxxer.hikari.pool.ProxyConnection.ClosedConnection] read-only: "
                        + "Connection is closed", new SQLException("Connection is closed"));

        assertThat(Jdbc.translate(failure)).isInstanceOf(DependencyUnavailableException.class).hasCause(failure);
    }

    @Test
    void a_connection_the_pool_closed_after_a_failure_becomes_dependency_unavailable() {
        // what Micronaut's transaction end surfaces when HikariCP has closed the broken connection
        RuntimeException failure = new IllegalStateException("Could not set JDBC Connection read-only",
                new SQLException("Connection is closed"));

        assertThat(Jdbc.translate(failure)).isInstanceOf(DependencyUnavailableException.class).hasCause(failure);
    }

    @Test
    void connection_exception_subclasses_without_a_state_become_dependency_unavailable() {
        assertThat(Jdbc.translate(wrapped(new java.sql.SQLNonTransientConnectionException("gone"))))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(Jdbc.translate(wrapped(new java.sql.SQLRecoverableException("broken pipe"))))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void an_existing_dependency_unavailable_is_returned_as_it_is() {
        DependencyUnavailableException already = new DependencyUnavailableException("database", new SQLException("x", "08006"));

        assertThat(Jdbc.translate(wrapped(already))).isSameAs(already);
    }

    @ParameterizedTest(name = "SQLState {0}")
    @ValueSource(strings = {"23505", "23503", "40001", "40P01", "42P01", "22001", "57014", "0A000"})
    void other_database_errors_pass_through_unchanged(String sqlState) {
        RuntimeException failure = wrapped(new SQLException("not a connection problem", sqlState));

        assertThat(Jdbc.translate(failure)).isSameAs(failure);
    }

    @Test
    void errors_without_a_sql_state_or_outside_jdbc_pass_through_unchanged() {
        RuntimeException noState = wrapped(new SQLIntegrityConstraintViolationException("duplicate"));
        RuntimeException domain = new IllegalArgumentException("bad input");

        assertThat(Jdbc.translate(noState)).isSameAs(noState);
        assertThat(Jdbc.translate(domain)).isSameAs(domain);
    }
}
