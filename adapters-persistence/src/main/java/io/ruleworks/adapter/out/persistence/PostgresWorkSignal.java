package io.ruleworks.adapter.out.persistence;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.ruleworks.application.port.out.WorkSignal;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * LISTENs on {@code ruleworks_executions} over one dedicated connection (outside the pool) and
 * reports notifications to the waiting dispatcher. A broken connection is reopened on the next
 * wait; until then the dispatcher's safety poll keeps the queue moving.
 */
@Singleton
public class PostgresWorkSignal implements WorkSignal {

    static final String CHANNEL = "ruleworks_executions";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWorkSignal.class);

    private final String url;
    private final Properties credentials = new Properties();
    private Connection connection;

    public PostgresWorkSignal(@Named("default") DatasourceConfiguration config) {
        this.url = config.getJdbcUrl() != null ? config.getJdbcUrl() : config.getUrl();
        if (config.getUsername() != null) {
            credentials.setProperty("user", config.getUsername());
        }
        if (config.getPassword() != null) {
            credentials.setProperty("password", config.getPassword());
        }
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("ApplicationName", "ruleworks-listener");
    }

    @Override
    public synchronized boolean await(Duration timeout) throws InterruptedException {
        try {
            PGConnection listener = listener();
            PGNotification[] notifications = listener.getNotifications((int) Math.max(1, timeout.toMillis()));
            return notifications != null && notifications.length > 0;
        } catch (SQLException e) {
            LOG.debug("LISTEN connection failed ({}); will reconnect", e.getMessage());
            close();
            Thread.sleep(Math.min(timeout.toMillis(), 1_000));
            return false;
        }
    }

    private PGConnection listener() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, credentials);
            try (var statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
            }
        }
        return connection.unwrap(PGConnection.class);
    }

    @PreDestroy
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }
}
