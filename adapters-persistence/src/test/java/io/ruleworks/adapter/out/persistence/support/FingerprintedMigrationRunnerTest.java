package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start skips Flyway only on a database this migration set migrated and whose history is unchanged
 * since; every other case runs Flyway as before (ADR 0020). Whether Flyway ran is seen by its bean,
 * which Micronaut's migrator registers only when it runs.
 */
class FingerprintedMigrationRunnerTest {

    private final TestDatabase database = TestDatabase.create();
    private final DirectSql sql = new DirectSql(database);

    @Test
    void a_fresh_database_is_migrated_and_its_fingerprint_recorded() {
        assertThat(flywayRanOnStart()).isTrue();

        assertThat(sql.count("SELECT count(*) FROM schema_fingerprint WHERE datasource = 'default'")).isEqualTo(1);
    }

    @Test
    void a_restart_on_the_migrated_database_skips_flyway() {
        flywayRanOnStart();

        assertThat(flywayRanOnStart()).isFalse();
        assertThat(flywayRanOnStart()).isFalse();
    }

    @Test
    void a_database_missing_the_last_migration_is_migrated_by_flyway() {
        flywayRanOnStart();
        sql.update("DELETE FROM flyway_schema_history WHERE version = '18'");
        sql.update("DROP TABLE schema_fingerprint");

        assertThat(flywayRanOnStart()).isTrue();
        assertThat(sql.count("SELECT count(*) FROM flyway_schema_history WHERE version = '18' AND success")).isEqualTo(1);
        assertThat(flywayRanOnStart()).isFalse();
    }

    @Test
    void a_database_missing_an_earlier_migration_is_left_to_flyway_which_refuses_it_as_before() {
        flywayRanOnStart();
        sql.update("DELETE FROM flyway_schema_history WHERE version = '17'");

        assertThatThrownBy(this::flywayRanOnStart).hasStackTraceContaining("not applied to database: 17");
    }

    @Test
    void a_migration_whose_checksum_differs_fails_flyways_validation_as_before() {
        flywayRanOnStart();
        sql.update("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '5'");

        assertThatThrownBy(this::flywayRanOnStart).hasStackTraceContaining("checksum mismatch");
    }

    @Test
    void a_fingerprint_recorded_by_another_build_runs_flyway() {
        flywayRanOnStart();
        sql.update("UPDATE schema_fingerprint SET fingerprint = 'another build'");

        assertThat(flywayRanOnStart()).isTrue();
        assertThat(flywayRanOnStart()).isFalse();
    }

    @Test
    void other_flyway_settings_run_flyway() {
        flywayRanOnStart();

        assertThat(flywayRanOnStart(Map.of("flyway.datasources.default.validate-migration-naming", "true"))).isTrue();
        assertThat(flywayRanOnStart()).isTrue();
    }

    @Test
    void with_the_skip_turned_off_flyway_runs_every_time() {
        flywayRanOnStart();

        assertThat(flywayRanOnStart(Map.of("ruleworks.database.skip-unchanged-migrations", "false"))).isTrue();
    }

    private boolean flywayRanOnStart() {
        return flywayRanOnStart(Map.of());
    }

    private boolean flywayRanOnStart(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.putAll(extra);
        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(properties).start()) {
            context.getBean(javax.sql.DataSource.class);
            return context.findBean(Flyway.class, Qualifiers.byName("default")).isPresent();
        }
    }
}
