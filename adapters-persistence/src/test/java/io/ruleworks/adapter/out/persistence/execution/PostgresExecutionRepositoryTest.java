package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-rule statistics and the in-flight check, over executions written directly with SQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExecutionRepositoryTest extends FreshDatabaseTest {

    @Inject
    PostgresExecutionRepository executions;

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    private RuleId newRule(TenantId tenant) {
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        return rule.id();
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** One execution row; started_at and duration_ms may be null. */
    private void execution(TenantId tenant, RuleId rule, ExecutionStatus status, Instant createdAt, Instant startedAt,
                           Long durationMs) {
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, started_at, duration_ms, created_at, updated_at,
                                                   available_at)
                VALUES (?, ?, ?, 'manual', ?, 2, ?, ?, ?, ?, ?)""",
                tenant.value(), UUID.randomUUID(), rule.value(), status.wire(), startedAt, durationMs, createdAt,
                createdAt, createdAt);
    }

    @Test
    void statistics_count_each_outcome_and_average_the_recorded_durations() {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        execution(tenant, rule, ExecutionStatus.COMPLETED, at(0), at(1), 100L);
        execution(tenant, rule, ExecutionStatus.COMPLETED, at(2), at(3), 201L);
        execution(tenant, rule, ExecutionStatus.FAILED, at(4), at(5), 301L);
        execution(tenant, rule, ExecutionStatus.TIMEOUT, at(6), at(7), null);
        execution(tenant, rule, ExecutionStatus.RUNNING, at(8), at(9), null);
        execution(tenant, rule, ExecutionStatus.CANCELLED, at(10), null, null);
        execution(tenant, rule, ExecutionStatus.SKIPPED, at(11), null, null);
        // created last and never started: the latest activity is its creation time
        execution(tenant, rule, ExecutionStatus.PENDING, at(30), null, null);

        ExecutionStatistics stats = executions.statisticsFor(tenant, rule);

        assertThat(stats.totalExecutions()).isEqualTo(8);
        assertThat(stats.successfulExecutions()).isEqualTo(2);
        assertThat(stats.failedExecutions()).isEqualTo(2);
        assertThat(stats.inFlightExecutions()).isEqualTo(2);
        assertThat(stats.averageDurationMs()).contains(200.67); // (100 + 201 + 301) / 3, rounded to 2 places
        assertThat(stats.lastExecutionAt()).contains(at(30));
    }

    @Test
    void the_last_execution_is_the_latest_start_when_that_is_after_every_creation() {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        execution(tenant, rule, ExecutionStatus.PENDING, at(5), null, null);
        execution(tenant, rule, ExecutionStatus.COMPLETED, at(1), at(20), 10L);

        assertThat(executions.statisticsFor(tenant, rule).lastExecutionAt()).contains(at(20));
    }

    @Test
    void a_rule_without_executions_has_empty_statistics() {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);

        assertThat(executions.statisticsFor(tenant, rule)).isEqualTo(ExecutionStatistics.NONE);
    }

    @Test
    void statistics_count_only_the_rule_of_the_asking_tenant() {
        TenantId tenant = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        RuleId sibling = newRule(tenant);
        rules.insert(ruleOf(other).id(rule).build()); // the same rule id, owned by another tenant
        execution(tenant, rule, ExecutionStatus.COMPLETED, at(0), at(1), 40L);
        execution(tenant, sibling, ExecutionStatus.FAILED, at(2), at(3), 1_000L);
        execution(other, rule, ExecutionStatus.FAILED, at(4), at(5), 5_000L);
        execution(other, rule, ExecutionStatus.RUNNING, at(6), at(7), null);

        ExecutionStatistics mine = executions.statisticsFor(tenant, rule);
        ExecutionStatistics theirs = executions.statisticsFor(other, rule);

        assertThat(mine).isEqualTo(new ExecutionStatistics(1, 1, 0, 0, Optional.of(40.0), Optional.of(at(1))));
        assertThat(theirs).isEqualTo(new ExecutionStatistics(2, 0, 1, 1, Optional.of(5_000.0), Optional.of(at(7))));
    }

    /** An execution row started by {@code parent}; returns its id. */
    private UUID child(TenantId tenant, RuleId rule, UUID parent, Instant createdAt) {
        UUID id = UUID.randomUUID();
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, created_at, updated_at, available_at,
                                                   parent_execution_id, chain_depth)
                VALUES (?, ?, ?, 'manual', 'completed', 2, ?, ?, ?, ?, 1)""",
                tenant.value(), id, rule.value(), createdAt, createdAt, createdAt, parent);
        return id;
    }

    @Test
    void the_children_of_an_execution_are_listed_oldest_first_within_the_tenant() {
        TenantId tenant = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        RuleId theirRule = newRule(other);
        UUID parent = child(tenant, rule, null, at(0));
        UUID second = child(tenant, rule, parent, at(2));
        UUID first = child(tenant, rule, parent, at(1));
        child(tenant, rule, second, at(3)); // a grandchild
        child(other, theirRule, parent, at(4)); // another tenant's row naming the same parent id

        var children = executions.children(tenant, new io.ruleworks.domain.execution.ExecutionId(parent), 10);

        assertThat(children).extracting(c -> c.id().value()).containsExactly(first, second);
        assertThat(children).allSatisfy(c -> assertThat(c.parentExecutionId()).get()
                .extracting(io.ruleworks.domain.execution.ExecutionId::value).isEqualTo(parent));
        assertThat(executions.children(tenant, new io.ruleworks.domain.execution.ExecutionId(parent), 1)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"PENDING", "RUNNING"})
    void a_pending_or_running_execution_is_in_flight(ExecutionStatus status) {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        execution(tenant, rule, ExecutionStatus.COMPLETED, at(0), at(1), 5L);
        execution(tenant, rule, status, at(2), null, null);

        assertThat(executions.hasInFlightExecutions(tenant, rule)).isTrue();
    }

    @Test
    void finished_executions_are_not_in_flight() {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (!status.isInFlight()) {
                execution(tenant, rule, status, at(0), at(1), 5L);
            }
        }

        assertThat(executions.hasInFlightExecutions(tenant, rule)).isFalse();
        assertThat(executions.hasInFlightExecutions(tenant, newRule(tenant))).isFalse();
    }

    @Test
    void in_flight_work_of_another_tenant_or_rule_does_not_count() {
        TenantId tenant = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        RuleId sibling = newRule(tenant);
        rules.insert(ruleOf(other).id(rule).build());
        execution(other, rule, ExecutionStatus.RUNNING, at(0), at(1), null);
        execution(tenant, sibling, ExecutionStatus.PENDING, at(0), null, null);

        assertThat(executions.hasInFlightExecutions(tenant, rule)).isFalse();
        assertThat(executions.hasInFlightExecutions(other, rule)).isTrue();
    }
}
