package io.ruleworks.adapter.out.persistence.queue;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.ruleworks.application.port.out.queue.WorkSignal;
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
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes workers. Locally through a semaphore; across instances through {@code NOTIFY
 * ruleworks_executions} sent after commit on a dedicated connection — bursts fold into one
 * notification while one is being sent — and {@code LISTEN} on another dedicated connection whose
 * notifications release the same semaphore. Both connections live outside the pool and are
 * reopened after failures; until then the dispatcher's safety poll keeps the queue moving.
 */
@Singleton
public class PostgresWorkSignal implements WorkSignal {

    static final String CHANNEL = "ruleworks_executions";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWorkSignal.class);
    private static final int LISTEN_WAIT_MS = 500;
    /** At most one NOTIFY per this many milliseconds: other instances' claims take whole batches. */
    static final int BROADCAST_SPACING_MS = 5;

    private final String url;
    private final Properties credentials = new Properties();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore broadcastRequested = new Semaphore(0);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;
    private Thread listener;
    private Thread notifier;
    /** The backend of our NOTIFY connection: its notifications come back to our own LISTEN. */
    private volatile int ownNotifierPid = -1;

    public PostgresWorkSignal(@Named("default") DatasourceConfiguration config) {
        this.url = config.getJdbcUrl() != null ? config.getJdbcUrl() : config.getUrl();
        if (config.getUsername() != null) {
            credentials.setProperty("user", config.getUsername());
        }
        if (config.getPassword() != null) {
            credentials.setProperty("password", config.getPassword());
        }
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("ApplicationName", "ruleworks-signal");
    }

    private void startThreads() {
        if (started.compareAndSet(false, true)) {
            listener = Thread.ofPlatform().name("queue-listen").daemon().start(this::listen);
            notifier = Thread.ofPlatform().name("queue-notify").daemon().start(this::sendNotifications);
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        startThreads();
        boolean signalled = wake.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        return signalled;
    }

    @Override
    public void reset() {
        wake.drainPermits();
    }

    @Override
    public void wakeLocal() {
        wake.release();
    }

    @Override
    public void broadcast() {
        startThreads();
        if (broadcastRequested.availablePermits() == 0) {
            broadcastRequested.release();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = open()) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MS);
                    if (notifications != null && Arrays.stream(notifications)
                            .anyMatch(n -> n.getPID() != ownNotifierPid)) {
                        wake.release(); // our own broadcasts were already signalled locally
                    }
                }
            } catch (SQLException e) {
                LOG.debug("LISTEN connection failed ({}); reconnecting", e.getMessage());
                pause();
            }
        }
    }

    private void sendNotifications() {
        while (running) {
            try (Connection connection = open(); var statement = connection.createStatement()) {
                ownNotifierPid = connection.unwrap(PGConnection.class).getBackendPID();
                while (running) {
                    broadcastRequested.acquire();
                    broadcastRequested.drainPermits();
                    statement.execute("NOTIFY " + CHANNEL);
                    // under load, announcements arriving meanwhile fold into the next one
                    Thread.sleep(BROADCAST_SPACING_MS);
                }
            } catch (SQLException e) {
                LOG.debug("NOTIFY connection failed ({}); reconnecting", e.getMessage());
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    public void close() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        if (notifier != null) {
            notifier.interrupt();
        }
    }
}
