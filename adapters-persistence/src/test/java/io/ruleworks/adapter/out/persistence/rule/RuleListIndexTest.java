package io.ruleworks.adapter.out.persistence.rule;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.ruleworks.domain.fixtures.RuleFilters;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.SQLException;

import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.explain;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenant;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenantSql;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenants;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first page of a tenant's rules in the default order (created_at, newest first) must be read
 * from an index in that order, not by scanning the table or sorting every rule of the tenant.
 *
 * <p>The table holds 3,000 rules of five tenants and is ANALYZEd, so the planner's estimates are
 * real. enable_seqscan is left on: with statistics, reading 25 rows from an ordered index is far
 * cheaper than scanning 600 rows and sorting them, so the plan is deterministic without it, and
 * forcing it off would hide exactly the regression this test is for (an ORDER BY the index cannot
 * serve). The query explained is the one the repository prepares ({@code pageSql}), not a copy.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleListIndexTest extends FreshDatabaseTest {

    private static final int TENANTS = 5;
    private static final int RULES = 3_000;
    private static final String ONE_ACTION = "[{\"type\": \"email_notification\", \"order\": 1, "
            + "\"config\": {\"to\": [\"ops@example.com\"], \"subject\": \"s\", \"body\": \"b\"}}]";

    @Inject
    PostgresRuleRepository rules;

    @BeforeAll
    void fillTheTable() {
        tenants(sql, TENANTS);
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                SELECT %s, gen_random_uuid(), 'rule ' || g,
                       'active', 'normal', 'manual', '{}', ?::jsonb, '{}',
                       now() - g * interval '1 minute', now() - g * interval '1 minute'
                  FROM generate_series(1, ?) g""".formatted(tenantSql("(1 + g % ?)")), TENANTS, ONE_ACTION, RULES);
        sql.update("ANALYZE automation_rules");
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void the_first_page_by_creation_time_is_read_in_index_order(SortOrder order) throws SQLException {
        RuleFilter filter = RuleFilters.aFilter().sortedBy(RuleSortField.CREATED_AT, order).build();
        PageRequest firstPage = new PageRequest(1, 25);

        assertThat(rules.list(tenant(3), filter, firstPage).items()).hasSize(25);
        String listQuery = PostgresRuleRepository.pageSql(tenant(3), filter);
        String plan = explain(sql, listQuery, tenant(3).value(), firstPage.limit(), firstPage.offset());

        assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("Sort")
                .contains("Index Scan").contains("automation_rules_created_idx");
    }
}
