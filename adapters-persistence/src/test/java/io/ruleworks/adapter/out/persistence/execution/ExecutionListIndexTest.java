package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.explain;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.rules;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenant;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenantSql;
import static io.ruleworks.adapter.out.persistence.testing.IndexFixtures.tenants;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executions list (GET /executions and the console) in its default order, created_at newest
 * first with execution_id as the tie-breaker, is read from an index in that order: no sequential
 * scan, no sort of all a tenant's executions (issue 16: 40-55 ms a page at 50,000 executions before
 * V17). And the console's capped count stops at its cap but always reaches the current page.
 *
 * <p>20,000 executions of four tenants, VACUUMed and ANALYZEd, so the planner's estimates are real;
 * enable_seqscan stays on (see RuleListIndexTest). The statement explained is the repository's own.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionListIndexTest extends FreshDatabaseTest {

    private static final int TENANTS = 4;
    private static final int EXECUTIONS = 20_000;

    @Inject
    PostgresExecutionRepository executions;

    @BeforeAll
    void fillTheTables() {
        tenants(sql, TENANTS);
        rules(sql, TENANTS, TENANTS);
        // every 50th pair of executions shares its creation time, so the tie-breaker matters
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                SELECT r.tenant, gen_random_uuid(), r.rule_id, 'manual',
                       (ARRAY['completed', 'completed', 'completed', 'failed', 'timeout', 'skipped'])[1 + g % 6],
                       2, 10 + g % 1000, now() - ((g / 2) * 2 + (g % 50 = 0)::int) * interval '1 minute', now(), now()
                  FROM generate_series(1, ?) g
                  JOIN automation_rules r ON r.tenant = """ + tenantSql("(1 + g % ?)"), EXECUTIONS, TENANTS);
        sql.update("VACUUM ANALYZE automation_executions");
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void the_first_page_by_creation_time_is_read_in_index_order(SortOrder order) throws SQLException {
        ExecutionFilter filter = byCreation(order);
        PageRequest firstPage = new PageRequest(1, 25);

        assertThat(executions.list(tenant(2), filter, firstPage).items()).hasSize(25);
        String plan = explain(sql, PostgresExecutionRepository.pageSql(tenant(2), filter), tenant(2).value(),
                firstPage.limit(), firstPage.offset());

        assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("Sort")
                .contains("Index Scan").contains("automation_executions_created_idx");
    }

    @Test
    void a_deep_page_is_the_same_rows_in_the_same_order_as_the_whole_list_sorted() {
        ExecutionFilter filter = byCreation(SortOrder.DESC);
        List<ExecutionState> all = new java.util.ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            all.addAll(executions.list(tenant(1), filter, new PageRequest(page, 100)).items());
        }
        assertThat(all).hasSize(EXECUTIONS / TENANTS);
        assertThat(all).isSortedAccordingTo(Comparator.comparing(ExecutionState::createdAt).reversed()
                .thenComparing(e -> e.id().value(), Comparator.reverseOrder()));
    }

    @Test
    void a_capped_count_stops_at_the_cap_and_says_so() {
        ExecutionFilter filter = byCreation(SortOrder.DESC);
        int held = EXECUTIONS / TENANTS;

        Page<ExecutionState> exact = executions.list(tenant(1), filter, new PageRequest(1, 25));
        Page<ExecutionState> capped = executions.list(tenant(1), filter, new PageRequest(1, 25), 1_000);
        Page<ExecutionState> under = executions.list(tenant(1), filter, new PageRequest(1, 25), held);

        assertThat(exact.total()).isEqualTo(held);
        assertThat(exact.totalCapped()).isFalse();
        assertThat(capped.total()).isEqualTo(1_000);
        assertThat(capped.totalCapped()).isTrue();
        assertThat(capped.hasNext()).isTrue();
        assertThat(capped.items()).isEqualTo(exact.items());
        assertThat(under.total()).isEqualTo(held);
        assertThat(under.totalCapped()).isFalse();
    }

    @Test
    void a_capped_count_always_reaches_the_page_asked_for() {
        ExecutionFilter filter = byCreation(SortOrder.DESC);
        int held = EXECUTIONS / TENANTS;

        Page<ExecutionState> deep = executions.list(tenant(1), filter, new PageRequest(60, 25), 1_000);
        Page<ExecutionState> last = executions.list(tenant(1), filter, new PageRequest(held / 25, 25), 1_000);

        assertThat(deep.total()).isEqualTo(60 * 25);
        assertThat(deep.totalCapped()).isTrue();
        assertThat(deep.hasNext()).isTrue();
        assertThat(last.total()).isEqualTo(held);
        assertThat(last.totalCapped()).isFalse();
        assertThat(last.hasNext()).isFalse();
        assertThat(last.items()).hasSize(25);
    }

    @Test
    void a_capped_count_of_a_filter_counts_only_its_matches() {
        ExecutionFilter failed = new ExecutionFilter(Optional.empty(), Optional.of(ExecutionStatus.FAILED),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ExecutionFilter.SortField.CREATED_AT, SortOrder.DESC);
        long exact = executions.list(tenant(2), failed, new PageRequest(1, 10)).total();

        Page<ExecutionState> capped = executions.list(tenant(2), failed, new PageRequest(1, 10), 10_000);

        assertThat(exact).isBetween(1L, 10_000L);
        assertThat(capped.total()).isEqualTo(exact);
        assertThat(capped.totalCapped()).isFalse();
        assertThat(capped.items()).allMatch(e -> e.status() == ExecutionStatus.FAILED);
    }

    private static ExecutionFilter byCreation(SortOrder order) {
        ExecutionFilter none = ExecutionFilter.none();
        return new ExecutionFilter(none.ruleId(), none.status(), none.startedFrom(), none.startedTo(),
                none.durationMinMs(), none.durationMaxMs(), none.hasErrors(), none.triggerType(), none.search(),
                none.createdFrom(), none.createdTo(), none.updatedFrom(), none.updatedTo(), none.inFlight(),
                ExecutionFilter.SortField.CREATED_AT, order);
    }
}
