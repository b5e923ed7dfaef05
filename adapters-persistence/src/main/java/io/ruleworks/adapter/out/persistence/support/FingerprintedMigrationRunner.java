package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.naming.NameResolver;
import io.micronaut.flyway.DataSourceMigrationRunner;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.FlywayMigrator;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Micronaut's Flyway start-up ({@link DataSourceMigrationRunner}: migrate and validate every
 * migration whenever a datasource is created), skipped when the database was last migrated
 * successfully by this same migration set with the same Flyway settings and its schema history has
 * not changed since: one query instead of loading Flyway and validating the history, which was
 * most of a second of every restart. Any difference (a new or edited migration, other settings, a
 * history changed by another build, a repair or a hand), any error of the check, a schema or
 * history table of its own, or {@code ruleworks.database.skip-unchanged-migrations=false}: Flyway
 * runs as before, and its success records the new fingerprint. ADR 0020.
 */
@Singleton
@Replaces(DataSourceMigrationRunner.class)
public class FingerprintedMigrationRunner implements BeanCreatedEventListener<DataSource> {

    private static final Logger LOG = LoggerFactory.getLogger(FingerprintedMigrationRunner.class);
    private static final String DEFAULT_HISTORY_TABLE = "flyway_schema_history";
    /** the history as Flyway left it: any row added, removed or changed gives another digest */
    static final String HISTORY_DIGEST = "(SELECT md5(coalesce(string_agg(installed_rank || ':' || coalesce(version, '')"
            + " || ':' || coalesce(checksum::text, '') || ':' || success || ':' || script, ',' ORDER BY installed_rank), ''))"
            + " FROM flyway_schema_history)";
    static final String CHECK_SQL = "SELECT fingerprint = ? AND history_digest = " + HISTORY_DIGEST
            + " FROM schema_fingerprint WHERE datasource = ?";
    static final String RECORD_SQL = "INSERT INTO schema_fingerprint (datasource, fingerprint, history_digest, recorded_at)"
            + " SELECT ?, ?, " + HISTORY_DIGEST + ", now()"
            + " WHERE NOT EXISTS (SELECT 1 FROM flyway_schema_history WHERE NOT success)"
            + " ON CONFLICT (datasource) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " history_digest = EXCLUDED.history_digest, recorded_at = EXCLUDED.recorded_at";

    private final ApplicationContext context;
    private final FlywayMigrator migrator;
    private final DataSourceResolver resolver;
    private final boolean skipUnchanged;

    public FingerprintedMigrationRunner(ApplicationContext context, FlywayMigrator migrator, DataSourceResolver resolver,
                                        @Value("${ruleworks.database.skip-unchanged-migrations:true}") boolean skipUnchanged) {
        this.context = context;
        this.migrator = migrator;
        this.resolver = resolver;
        this.skipUnchanged = skipUnchanged;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource created = event.getBean();
        if (event.getBeanDefinition() instanceof NameResolver names) {
            names.resolveName()
                    .flatMap(name -> context.findBean(FlywayConfigurationProperties.class, Qualifiers.byName(name)))
                    .filter(FlywayConfigurationProperties::isEnabled)
                    .ifPresent(config -> migrate(config, resolver.resolve(created)));
        }
        return created;
    }

    private void migrate(FlywayConfigurationProperties config, DataSource dataSource) {
        String name = config.getNameQualifier();
        Optional<String> fingerprint = fingerprintOf(config);
        if (fingerprint.isPresent() && matches(dataSource, name, fingerprint.get())) {
            LOG.info("Schema of datasource {} is at this build's migrations (fingerprint {}): Flyway not run",
                    name, fingerprint.get().substring(0, 12));
            return;
        }
        migrator.run(config, dataSource);
        fingerprint.ifPresent(f -> record(dataSource, name, f));
    }

    /** Empty (Flyway always runs) unless the skip is on and the configuration is one it can vouch for. */
    Optional<String> fingerprintOf(FlywayConfigurationProperties config) {
        FluentConfiguration flyway = config.getFluentConfiguration();
        if (!skipUnchanged || config.isAsync() || config.isCleanSchema() || config.hasAlternativeDatabaseConfiguration()
                || !DEFAULT_HISTORY_TABLE.equals(flyway.getTable()) || flyway.getSchemas().length > 0
                || flyway.getDefaultSchema() != null) {
            return Optional.empty();
        }
        return MigrationFingerprint.of(Arrays.stream(flyway.getLocations()).map(Location::getDescriptor).toList(),
                context.getEnvironment().getProperties("flyway.datasources." + config.getNameQualifier()),
                flyway.getClassLoader());
    }

    private static boolean matches(DataSource dataSource, String name, String fingerprint) {
        try (var connection = dataSource.getConnection(); var check = connection.prepareStatement(CHECK_SQL)) {
            check.setString(1, fingerprint);
            check.setString(2, name);
            try (var rs = check.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            // a fresh database (no table yet) or anything unexpected: Flyway decides
            LOG.debug("Migration fingerprint not checked ({}): running Flyway", e.getMessage());
            return false;
        }
    }

    private static void record(DataSource dataSource, String name, String fingerprint) {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(RECORD_SQL)) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            insert.setString(1, name);
            insert.setString(2, fingerprint);
            insert.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not record the migration fingerprint ({}): the next start runs Flyway again", e.getMessage());
        }
    }
}
