package io.ruleworks.adapter.out.persistence.embedded;

import io.ruleworks.adapter.out.persistence.support.DatabaseCreator;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * The default database: when the {@code default} datasource has no URL configured (no
 * {@code DATASOURCES_DEFAULT_URL}), starts the service's own PostgreSQL ({@link EmbeddedPostgresServer})
 * and points the datasource at its {@code ruleworks} database, before the pool, the database
 * creation and Flyway see the configuration. Stops it with the application context (and, should the
 * context never close, with the JVM). A configured URL means an external server: nothing starts.
 * Off unless {@code ruleworks.database.embedded.enabled} is true (the service's application.yml
 * says so; the tests' configuration does not: they use the local server).
 */
@Singleton
public class EmbeddedDatabase implements BeanInitializedEventListener<DatasourceConfiguration>, Ordered {

    static final String DATABASE = "ruleworks";

    private final boolean enabled;
    private final Path dir;
    private final String runAsUser;
    private EmbeddedPostgresServer server;

    public EmbeddedDatabase(@Value("${ruleworks.database.embedded.enabled:false}") boolean enabled,
                            @Value("${ruleworks.database.embedded.dir:}") String dir,
                            @Value("${ruleworks.database.embedded.run-as-user:ruleworks}") String runAsUser) {
        this.enabled = enabled;
        this.dir = dir.isBlank() ? EmbeddedPostgresServer.defaultDirectory() : Path.of(dir);
        this.runAsUser = runAsUser;
    }

    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String configured = config.getConfiguredUrl();
        if (!enabled || !"default".equals(config.getName()) || (configured != null && !configured.isBlank())) {
            return config;
        }
        EmbeddedPostgresServer started = start();
        config.setUrl(started.jdbcUrl(DATABASE));
        config.setUsername(started.username());
        config.setPassword(started.password());
        return config;
    }

    private synchronized EmbeddedPostgresServer start() {
        if (server == null) {
            server = new EmbeddedPostgresServer(dir, runAsUser);
            server.start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::stop));
        }
        return server;
    }

    /** Before {@code DatabaseCreator}, which creates the database in whatever server the URL names. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
