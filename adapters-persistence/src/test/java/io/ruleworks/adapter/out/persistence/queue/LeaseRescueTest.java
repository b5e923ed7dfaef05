package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository.LeasedSave;
import io.ruleworks.application.port.NotStorableException;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rescue of expired leases (ADR 0003) with the poison-execution guard, the first start kept
 * across re-runs, and states with values PostgreSQL cannot store (issue 14).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseRescueTest extends FreshDatabaseTest {

    private static final String WORKER = "worker-1";
    private static final int MAX_LEASE_LOSSES = 3;

    @Inject
    PostgresExecutionClaims claims;
    @Inject
    PostgresExecutionRepository executions;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;

    private TenantId tenant;
    private UUID execution;

    @BeforeEach
    void pendingExecution() {
        tenant = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(tenant, "rescue", T0));
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        execution = UUID.randomUUID();
        Instant created = Instant.now().minusSeconds(60);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, created_at, updated_at, available_at)
                VALUES (?, ?, ?, 'manual', 'pending', 2, ?, ?, ?)""",
                tenant.value(), execution, rule.id().value(), created, created, created);
    }

    private Claim claimIt() {
        List<Claim> claimed = claims.claim(WORKER, 10, Duration.ofSeconds(30)).stream()
                .filter(c -> c.id().value().equals(execution)).toList();
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    /** The worker dies (or cannot save) and its lease runs out; then the rescue runs. */
    private int loseTheLeaseAndRescue() {
        sql.update("UPDATE automation_executions SET lease_expires_at = now() - interval '1 second' "
                + "WHERE execution_id = ?", execution);
        return claims.rescueExpiredLeases(MAX_LEASE_LOSSES, Duration.ZERO);
    }

    private <T> T column(String name, Class<T> type) {
        return sql.query("SELECT " + name + " FROM automation_executions WHERE execution_id = ?",
                rs -> rs.getObject(1, type), execution).getFirst();
    }

    private ExecutionState stored() {
        return executions.findById(tenant, new ExecutionId(execution)).orElseThrow().state();
    }

    @Test
    void an_expired_lease_is_requeued_counted_and_the_rerun_keeps_the_first_start() {
        Instant firstStart = claimIt().snapshot().orElseThrow().startedAt().orElseThrow();

        assertThat(loseTheLeaseAndRescue()).isEqualTo(1);

        assertThat(column("status", String.class)).isEqualTo("pending");
        assertThat(column("lease_losses", Integer.class)).isEqualTo(1);
        assertThat(column("lease_owner", String.class)).isNull();
        ExecutionState rerun = claimIt().snapshot().orElseThrow();
        assertThat(rerun.attempt()).isEqualTo(2);
        assertThat(rerun.startedAt()).contains(firstStart);
        assertThat(rerun.logs()).last().satisfies(l -> assertThat(l.message())
                .contains("lease expired").contains("execution requeued; 1 of 3 lost leases"));
    }

    @Test
    void the_lease_lost_for_the_last_allowed_time_fails_the_execution_as_abandoned() {
        for (int loss = 1; loss <= MAX_LEASE_LOSSES; loss++) {
            claimIt();
            assertThat(loseTheLeaseAndRescue()).isEqualTo(1);
        }

        ExecutionState abandoned = stored();
        assertThat(abandoned.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(abandoned.errorStack()).hasValueSatisfying(s -> assertThat(s)
                .startsWith(PostgresExecutionClaims.EXECUTION_ABANDONED + ": the worker lease expired 3 times"));
        assertThat(abandoned.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("abandoned"));
        assertThat(abandoned.completedAt()).isPresent();
        assertThat(abandoned.durationMs()).isPresent();
        assertThat(abandoned.logs()).last().satisfies(l -> assertThat(l.message())
                .contains("execution abandoned (EXECUTION_ABANDONED) after 3 of 3 lost leases"));
        assertThat(column("lease_owner", String.class)).isNull();
        assertThat(sql.count("SELECT count(*) FROM automation_outbox WHERE execution_id = ? "
                + "AND event_type = 'automation.execution.failed'", execution)).isEqualTo(1);
        assertThat(claims.claim(WORKER, 10, Duration.ofSeconds(30))).isEmpty();
        assertThat(loseTheLeaseAndRescue()).isZero();
    }

    @Test
    void with_a_grace_only_leases_expired_longer_ago_are_rescued() {
        claimIt();
        sql.update("UPDATE automation_executions SET lease_expires_at = now() - interval '1 second' "
                + "WHERE execution_id = ?", execution);

        assertThat(claims.rescueExpiredLeases(MAX_LEASE_LOSSES, Duration.ofSeconds(30))).isZero();
        assertThat(column("status", String.class)).isEqualTo("running");

        sql.update("UPDATE automation_executions SET lease_expires_at = now() - interval '31 seconds' "
                + "WHERE execution_id = ?", execution);
        assertThat(claims.rescueExpiredLeases(MAX_LEASE_LOSSES, Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(column("status", String.class)).isEqualTo("pending");
    }

    @Test
    void a_graceful_release_returns_the_execution_to_pending_without_counting_a_lost_lease() {
        for (int stop = 1; stop <= MAX_LEASE_LOSSES + 1; stop++) {
            Claim claim = claimIt();
            assertThat(claims.release(claim)).isTrue();
            assertThat(column("status", String.class)).isEqualTo("pending");
        }

        assertThat(column("lease_losses", Integer.class)).isZero();
        assertThat(column("lease_owner", String.class)).isNull();
        assertThat(stored().logs()).last().satisfies(l -> assertThat(l.message())
                .contains("stopped; execution returned to the queue"));
    }

    @Test
    void a_release_of_an_earlier_attempt_or_another_owner_writes_nothing() {
        Claim first = claimIt();
        loseTheLeaseAndRescue();
        Claim second = claimIt();

        assertThat(claims.release(first)).isFalse();
        assertThat(claims.release(new Claim(tenant, second.id(), "someone-else"))).isFalse();
        assertThat(column("status", String.class)).isEqualTo("running");
        assertThat(claims.release(second)).isTrue();
    }

    @Test
    void a_value_the_database_refuses_as_such_is_reported_as_not_storable() {
        claimIt();
        AutomationExecution running = executions.findById(tenant, new ExecutionId(execution)).orElseThrow();
        running.fail("boom", Optional.empty(), Instant.parse("+300000-01-01T00:00:00Z")); // timestamp out of range

        assertThatThrownBy(() -> executions.update(running, Optional.of(WORKER)))
                .isInstanceOf(NotStorableException.class).hasMessageStartingWith("22");
        assertThat(column("status", String.class)).isEqualTo("running");
    }

    @Test
    void a_retry_counts_lost_leases_afresh() {
        for (int loss = 1; loss < MAX_LEASE_LOSSES; loss++) {
            claimIt();
            loseTheLeaseAndRescue();
        }
        claimIt();
        AutomationExecution running = executions.findById(tenant, new ExecutionId(execution)).orElseThrow();
        running.fail("boom", Optional.empty(), Instant.now());
        assertThat(executions.update(running, Optional.of(WORKER))).isTrue();
        assertThat(column("lease_losses", Integer.class)).isEqualTo(2);

        running.retry(RetryFrom.START, Instant.now(), Instant.now());
        executions.update(running, Optional.empty());

        assertThat(column("lease_losses", Integer.class)).isZero();
        assertThat(column("started_at", java.time.OffsetDateTime.class)).isNull();
    }

    private AutomationExecution runningWithUnstorableValues() {
        claimIt();
        AutomationExecution running = executions.findById(tenant, new ExecutionId(execution)).orElseThrow();
        running.actionSucceeded(0, 1, Map.of("a", "x\u0000y", "k\u0000", "\uD800", "pair", "\uD83D\uDE00"), 1, 5,
                Instant.now());
        running.fail("script threw bad\u0000byte \uDFFF", Optional.of("SCRIPT_ERROR: bad\u0000byte"), Instant.now());
        return running;
    }

    private void assertStoredSpelledOut() {
        ExecutionState state = stored();
        assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
        Map<String, Object> result = state.executionContext().actionResults().of(1).orElseThrow().result();
        assertThat(result).isEqualTo(Map.of("a", "x\\u0000y", "k\\u0000", "\uFFFD", "pair", "\uD83D\uDE00"));
        assertThat(state.errorMessage()).hasValue("script threw bad\\u0000byte \uFFFD");
        assertThat(state.errorStack()).hasValue("SCRIPT_ERROR: bad\\u0000byte");
        assertThat(state.logs()).anySatisfy(l -> assertThat(l.message()).contains("bad\\u0000byte"));
    }

    @Test
    void a_workers_save_with_values_postgresql_cannot_store_is_stored_spelled_out() {
        AutomationExecution running = runningWithUnstorableValues();

        assertThat(executions.update(running, Optional.of(WORKER))).isTrue();

        assertStoredSpelledOut();
    }

    @Test
    void a_group_save_with_values_postgresql_cannot_store_is_stored_spelled_out() {
        AutomationExecution running = runningWithUnstorableValues();

        assertThat(executions.updateAll(List.of(LeasedSave.of(running, WORKER)))).containsExactly(true);

        assertStoredSpelledOut();
    }
}
