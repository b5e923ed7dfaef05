package io.ruleworks.adapter.out.persistence.support;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations, applied by the context's Flyway at start, build the whole schema on an empty database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlywayMigrationTest extends FreshDatabaseTest {

    @Test
    void every_migration_is_applied_successfully_in_order() {
        List<String> applied = sql.query("SELECT version || ':' || success FROM flyway_schema_history "
                + "WHERE version IS NOT NULL ORDER BY installed_rank", rs -> rs.getString(1));

        assertThat(applied).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true",
                "8:true", "9:true", "10:true", "11:true", "12:true", "13:true", "14:true", "15:true", "16:true", "17:true",
                "18:true");
    }

    @Test
    void the_tables_exist() {
        List<String> tables = sql.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename <> 'flyway_schema_history' ORDER BY tablename", rs -> rs.getString(1));

        assertThat(tables).containsExactly("api_keys", "automation_events", "automation_executions", "automation_outbox",
                "automation_rules", "automation_templates", "condition_matches", "condition_polls", "event_window_events",
                "event_windows", "execution_stats_delta", "execution_stats_histogram", "execution_stats_histogram_daily",
                "execution_stats_hourly", "execution_stats_hourly_p95", "execution_stats_rules", "rule_hook_deliveries", "rule_hook_secrets", "rule_schedules", "schema_fingerprint", "tenants");
    }

    @Test
    void the_indexes_exist() {
        List<String> indexes = sql.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                + "AND tablename <> 'flyway_schema_history'", rs -> rs.getString(1));

        assertThat(indexes).containsExactlyInAnyOrder(
                "tenants_pkey",
                "api_keys_pkey", "api_keys_key_hash_key", "api_keys_tenant_idx",
                "automation_rules_pkey", "automation_rules_created_idx", "automation_rules_updated_idx",
                "automation_rules_status_idx", "automation_rules_trigger_idx", "automation_rules_priority_idx",
                "automation_rules_last_exec_idx", "automation_rules_exec_count_idx", "automation_rules_category_idx",
                "automation_rules_created_by_idx", "automation_rules_name_trgm_idx", "automation_rules_desc_trgm_idx",
                "automation_executions_pkey", "automation_executions_due_idx", "automation_executions_lease_idx",
                "automation_executions_rule_idx", "automation_executions_created_idx",
                "automation_executions_idem_idx", "automation_executions_running_idx", "automation_executions_parent_idx",
                "automation_outbox_pkey",
                "rule_schedules_pkey", "rule_schedules_due_idx", "automation_rules_scheduled_idx",
                "condition_polls_pkey", "condition_polls_due_idx", "condition_matches_pkey",
                "automation_rules_condition_based_idx",
                "automation_templates_pkey", "automation_templates_created_idx", "automation_templates_updated_idx",
                "automation_templates_name_idx", "automation_templates_category_idx", "automation_templates_usage_idx",
                "automation_templates_last_used_idx", "automation_templates_author_idx",
                "automation_templates_featured_idx", "automation_templates_versions_idx",
                "automation_templates_name_trgm_idx", "automation_templates_desc_trgm_idx",
                "rule_hook_secrets_pkey", "rule_hook_secrets_rule_id_key",
                "rule_hook_deliveries_pkey", "rule_hook_deliveries_tenant_rule_id_content_digest_key",
                "rule_hook_deliveries_received_idx",
                "automation_events_pkey", "automation_events_key_idx", "event_windows_pkey", "event_windows_due_idx",
                "event_window_events_pkey", "automation_rules_event_type_idx",
                "automation_events_received_idx",
                "execution_stats_hourly_pkey", "execution_stats_rules_pkey", "execution_stats_histogram_pkey",
                "execution_stats_histogram_daily_pkey", "execution_stats_hourly_p95_pkey",
                "execution_stats_hourly_zero_idx", "execution_stats_rules_zero_idx", "execution_stats_histogram_zero_idx",
                "execution_stats_histogram_daily_zero_idx", "execution_stats_hourly_p95_empty_idx",
                "schema_fingerprint_pkey");
        assertThat(indexes).as("the statistics deltas are appended by the execution write path: no index to maintain")
                .noneMatch(name -> name.startsWith("execution_stats_delta"));
    }

    @Test
    void the_default_rule_order_index_matches_the_list_query() {
        String definition = sql.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'automation_rules_created_idx'",
                rs -> rs.getString(1)).getFirst();

        assertThat(definition).endsWith("(tenant, created_at DESC NULLS LAST, rule_id DESC)");
    }

    @Test
    void workers_are_woken_after_commit_not_by_a_trigger_inside_every_enqueue() {
        assertThat(sql.count("SELECT count(*) FROM pg_trigger WHERE tgname = 'automation_executions_pending_notify'"))
                .isZero();
    }

    @Test
    void finished_executions_feed_the_statistics_rollup_through_row_triggers() {
        List<String> triggers = sql.query("SELECT tgname FROM pg_trigger WHERE tgrelid = 'automation_executions'::regclass "
                + "AND NOT tgisinternal ORDER BY tgname", rs -> rs.getString(1));

        assertThat(triggers).containsExactly("automation_executions_stats_delete", "automation_executions_stats_insert",
                "automation_executions_stats_update");
    }

    @Test
    void the_trigram_extension_for_search_is_installed() {
        assertThat(sql.count("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).isEqualTo(1);
    }

    @Test
    void migrating_again_finds_nothing_to_do() {
        Flyway flyway = Flyway.configure().dataSource(database.url(), TestDatabase.USER, "")
                .locations("classpath:db/migration").load();

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }
}
