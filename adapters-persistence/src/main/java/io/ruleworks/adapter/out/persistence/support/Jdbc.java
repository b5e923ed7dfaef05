package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.ConnectionCallback;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.NotStorableException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way the persistence adapter talks to PostgreSQL: runs a callback on the current
 * transaction's connection (or a pooled one), translates connection failures into
 * {@link DependencyUnavailableException}, and converts JSONB and timestamps. Strings bound for
 * PostgreSQL are made storable on the way ({@link #toJson}, {@link #text}).
 */
@Singleton
public class Jdbc {

    private static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);
    private static final Argument<List<Object>> LIST = Argument.listOf(Object.class);
    private static final String EMPTY_OBJECT = "{}";
    private static final String EMPTY_ARRAY = "[]";

    private final JdbcOperations operations;
    private final JsonMapper json;

    public Jdbc(JdbcOperations operations, JsonMapper json) {
        this.operations = operations;
        this.json = json;
    }

    public <R> R run(ConnectionCallback<R> callback) {
        try {
            return operations.execute(callback);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * A call of a Micronaut Data repository (it joins the current transaction's connection, as
     * {@link #run} does), with the same translation of connection failures.
     */
    public static <R> R data(java.util.function.Supplier<R> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Reads the current row of {@code rs} as a Micronaut Data entity (its column mapping, not a hand-written one). */
    public <E> E readEntity(ResultSet rs, Class<E> type) {
        return operations.readEntity(rs, type);
    }

    /**
     * A connection failure anywhere in the cause chain becomes DependencyUnavailableException: SQL
     * states of class 08 and the server's shutdown/too-many-connections states, the pool's timeout
     * (SQLTransientConnectionException), a refused connect, a connection that broke under a query
     * (SQLNonTransientConnectionException, SQLRecoverableException), and Micronaut Data's
     * ConnectionException (it wraps Hikari's "Connection is closed", which has no SQL state, e.g.
     * "Could not set JDBC Connection [...ClosedConnection] read-only" at the start of an outage).
     */
    public static RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DependencyUnavailableException d) {
                return d;
            }
            if (isConnectionFailure(t)) {
                return new DependencyUnavailableException("database", e);
            }
        }
        return e;
    }

    private static boolean isConnectionFailure(Throwable t) {
        return t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException
                || t instanceof java.sql.SQLNonTransientConnectionException
                || t instanceof java.sql.SQLRecoverableException
                || t instanceof io.micronaut.data.connection.exceptions.ConnectionException
                || (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedByPool(sql)));
    }

    /**
     * {@link #translate}, and a value the database refuses as such — SQLState class 22 (data
     * exception) or 54 (program limit exceeded) anywhere in the cause chain — becomes
     * {@link NotStorableException}: writing the same value again fails the same way. Everything
     * else (serialization failures, deadlocks, lock or statement timeouts) may pass on a later try.
     */
    public static RuntimeException translateWrite(RuntimeException e) {
        RuntimeException translated = translate(e);
        if (translated instanceof DependencyUnavailableException || translated instanceof NotStorableException) {
            return translated;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("54"))) {
                return new NotStorableException(sql.getSQLState() + ": " + sql.getMessage(), e);
            }
        }
        return translated;
    }

    /**
     * HikariCP's proxy of a connection it closed after a network failure throws this, without an
     * SQLState; Micronaut's transaction end (resetting auto-commit) can surface it instead of the
     * original failure.
     */
    private static boolean isClosedByPool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /**
     * The JSON text of {@code value} for a jsonb column, every string and key made storable first
     * ({@link StorableText}: U+0000 spelled out, lone surrogates replaced).
     */
    public String toJson(Object value) {
        try {
            return json.writeValueAsString(StorableText.value(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} for a text column, made storable ({@link StorableText}); null stays null. */
    public static String text(String value) {
        return StorableText.text(value);
    }

    /**
     * A jsonb object column's value (a new, modifiable map). PostgreSQL writes an empty object as
     * {@code {}}: read without the parser, which costs as much for two characters as for a small
     * document (most of a stored rule's open objects and lists are empty; docs/performance.md,
     * "Reads, 2026-12-08").
     */
    public Map<String, Object> jsonObject(String text) {
        return EMPTY_OBJECT.equals(text) ? new LinkedHashMap<>() : read(text, MAP);
    }

    /** A jsonb array column's value (a new, modifiable list); {@code []} read without the parser. */
    public List<Object> jsonArray(String text) {
        return EMPTY_ARRAY.equals(text) ? new ArrayList<>() : read(text, LIST);
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    public static Optional<UUID> uuid(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, UUID.class));
    }

    public static Optional<Long> nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
