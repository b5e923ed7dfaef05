package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.StatisticsPeriods;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.rules;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenant;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenants;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics and performance statements read the rollup of migration V12 by its primary keys,
 * and touch {@code automation_executions} only through the partial queue indexes (pending and
 * running executions) and, for the partial hours at the edges of a performance range, the
 * creation-time index — never the rule index nor the table. Performance over {@code rule_ids} reads
 * those rules' executions from the V6 indexes.
 *
 * <p>60,000 executions of three tenants over 90 days, folded into the rollup, VACUUMed (so the
 * visibility map lets an index-only scan skip the heap) and ANALYZEd (so the planner's estimates
 * are real). The statements explained are the repository's own, bound as the repository binds them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsIndexTest extends FreshDatabaseTest {

    private static final int TENANTS = 3;
    private static final int RULES_PER_TENANT = 20;
    private static final int EXECUTIONS = 60_000;
    private static final Instant NOW = Instant.parse("2026-03-18T10:30:00Z");

    @Inject
    PostgresStatisticsRollup rollup;

    @Inject
    JdbcTransactions transactions;

    @BeforeAll
    void fillTheTables() {
        tenants(sql, TENANTS);
        rules(sql, TENANTS, TENANTS * RULES_PER_TENANT);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                SELECT r.tenant, gen_random_uuid(), r.rule_id, 'manual',
                       (ARRAY['completed', 'completed', 'completed', 'failed', 'timeout', 'skipped'])[1 + g % 6],
                       2, 10 + g % 1000, ?::timestamptz - (g % 129600) * interval '1 minute',
                       ?::timestamptz, ?::timestamptz
                  FROM generate_series(1, ?) g
                  JOIN (SELECT tenant, rule_id, row_number() OVER (ORDER BY rule_id) - 1 AS n FROM automation_rules) r
                    ON r.n = g % ?""", NOW, NOW, NOW, EXECUTIONS, TENANTS * RULES_PER_TENANT);
        transactions.inTransaction(rollup::fold);
        sql.update("VACUUM ANALYZE");
    }

    @Test
    void statistics_read_the_rollup_and_only_the_unfinished_executions() throws SQLException {
        String plan = explain(PostgresAutomationStatistics.STATISTICS_SQL, ps ->
                PostgresAutomationStatistics.bindStatistics(ps, tenant(2), StatisticsPeriods.at(NOW)));

        assertThat(plan).as(plan)
                .containsPattern("Scan (using execution_stats_rules_pkey )?on execution_stats_rules") // tiny here: seq scan
                .contains("using execution_stats_hourly_pkey")
                .containsPattern("on automation_executions_(due|running|lease)_idx")
                .doesNotContain("Seq Scan on automation_executions")
                .doesNotContain("automation_executions_rule_idx")
                .doesNotContain("automation_executions_created_idx");
    }

    @ParameterizedTest
    @EnumSource(Granularity.class)
    void performance_reads_the_rollup_and_the_partial_edge_hours(Granularity groupBy) throws SQLException {
        PerformanceQuery query = new PerformanceQuery(NOW.minus(Duration.ofDays(30)), NOW, groupBy, Set.of(), Set.of());

        String plan = explainPerformance(query);

        assertThat(plan).as(plan)
                .contains("using execution_stats_hourly_pkey")
                .contains(groupBy == Granularity.HOUR ? "using execution_stats_hourly_p95_pkey"
                        : "using execution_stats_histogram_daily_pkey")
                .contains("using automation_executions_created_idx")
                .doesNotContain("Seq Scan on automation_executions")
                .doesNotContain("automation_executions_rule_idx");
    }

    /** Either index may serve a rule filter: per rule (few rules) or by time with a filter (many). */
    @Test
    void performance_of_some_rules_reads_an_index() throws SQLException {
        Set<RuleId> two = Set.copyOf(sql.query("SELECT rule_id FROM automation_rules WHERE tenant = ? LIMIT 2",
                rs -> new RuleId(rs.getObject(1, UUID.class)), tenant(2).value()));
        PerformanceQuery query = new PerformanceQuery(NOW.minus(Duration.ofDays(30)), NOW, Granularity.DAY, two,
                Set.of());

        String plan = explainPerformance(query);

        assertThat(plan).as(plan)
                .doesNotContain("Seq Scan on automation_executions")
                .containsPattern("Index (Only )?Scan (using|on) automation_executions_(created|rule)_idx");
    }

    private String explainPerformance(PerformanceQuery query) throws SQLException {
        try (Connection c = sql.connect()) {
            if (!query.ruleIds().isEmpty()) {
                return explain(c, PostgresAutomationStatistics.performanceSql(query),
                        ps -> PostgresAutomationStatistics.bindPerformance(c, ps, tenant(2), query));
            }
            NamedSql statement = PostgresAutomationStatistics.rollupPerformanceSql(query);
            return explain(c, statement.sql(), ps -> statement.bind(ps,
                    PostgresAutomationStatistics.rollupPerformanceParameters(tenant(2), query)));
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private String explain(String query, Binder binder) throws SQLException {
        try (Connection c = sql.connect()) {
            return explain(c, query, binder);
        }
    }

    private static String explain(Connection c, String query, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + query)) {
            binder.bind(ps);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
