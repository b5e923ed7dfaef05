package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Creates the configured PostgreSQL database when it does not exist yet, before the connection
 * pool and Flyway touch it. Connects to the server's {@code postgres} maintenance database with
 * the same credentials. Disable with {@code ruleworks.database.create-if-missing=false}.
 */
@Singleton
public class DatabaseCreator implements BeanInitializedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCreator.class);
    private static final Pattern SAFE_NAME = Pattern.compile("^[A-Za-z0-9_]{1,63}$");

    private final boolean enabled;

    public DatabaseCreator(@Value("${ruleworks.database.create-if-missing:true}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getJdbcUrl() != null ? config.getJdbcUrl() : config.getUrl();
        if (enabled && url != null && url.startsWith("jdbc:postgresql://")) {
            createIfMissing(url, config.getUsername(), config.getPassword());
        }
        return config;
    }

    static void createIfMissing(String jdbcUrl, String user, String password) {
        URI uri;
        try {
            uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            // e.g. a quote in the name; the message would repeat the URL, which may carry a password
            LOG.warn("Not creating the database: its JDBC URL is not a URI this check can read");
            return;
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!SAFE_NAME.matcher(database).matches()) {
            LOG.warn("Not creating database '{}': only names of letters, digits and _ are created automatically", database);
            return;
        }
        String maintenance = "jdbc:postgresql://" + uri.getRawAuthority() + "/postgres";
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        try (var c = DriverManager.getConnection(maintenance, props);
             var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, database);
            try (var rs = check.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (var create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
                LOG.info("Created database {}", database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another instance
            }
            LOG.warn("Could not create database {} ({}); the connection pool will report the cause", database,
                    e.getMessage());
        }
    }
}
