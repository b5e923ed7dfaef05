package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.Concurrently;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workers' saves written by the group-committing progress writer, from many workers at once. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchingExecutionProgressTest extends FreshDatabaseTest {

    private static final String WORKER = "worker-a";

    @Inject
    BatchingExecutionProgress progress;

    @Inject
    PostgresExecutionRepository executions;

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    Transactions transactions;

    /** Stores {@code n} executions of a new rule, running under {@code worker}'s lease; as the worker read them. */
    private List<AutomationExecution> running(TenantId tenant, int n, String worker) {
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        List<AutomationExecution> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AutomationExecution execution = AutomationExecution.triggered(Trigger.of(tenant, rule.id(),
                    Priority.NORMAL, 1, TriggerType.MANUAL).data(Map.of("n", i)).build(), Instant.now());
            transactions.inTransaction(() -> executions.insertUnlessDuplicate(execution, true));
            sql.update("UPDATE automation_executions SET status = 'running', started_at = now(), lease_owner = ?, "
                    + "lease_expires_at = now() + interval '1 minute' WHERE tenant = ? AND execution_id = ?",
                    worker, tenant.value(), execution.id().value());
            running.add(executions.findById(tenant, execution.id()).orElseThrow());
        }
        return running;
    }

    private long events(TenantId tenant, String type) {
        return sql.count("SELECT count(*) FROM automation_outbox WHERE tenant = ? AND event_type = ?", tenant.value(),
                type);
    }

    @Test
    void concurrent_final_saves_are_all_written_with_their_events_in_fewer_transactions() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        List<AutomationExecution> running = running(tenant, 200, WORKER);
        long groupsBefore = progress.groupsWritten();
        List<Callable<Boolean>> saves = new ArrayList<>();
        for (AutomationExecution execution : running) {
            saves.add(() -> {
                execution.complete(Instant.now());
                return progress.save(execution, WORKER);
            });
        }

        for (Future<Boolean> saved : Concurrently.run(saves)) {
            assertThat(saved.get()).isTrue();
        }

        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND status = 'completed' "
                + "AND lease_owner IS NULL AND lease_expires_at IS NULL AND completed_at IS NOT NULL "
                + "AND duration_ms IS NOT NULL", tenant.value())).isEqualTo(200);
        assertThat(events(tenant, "automation.execution.completed")).isEqualTo(200);
        assertThat(progress.groupsWritten() - groupsBefore).isLessThan(200);
    }

    @Test
    void a_save_whose_lease_was_lost_writes_nothing_and_the_rest_of_its_group_is_written() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        List<AutomationExecution> ours = running(tenant, 60, WORKER);
        List<AutomationExecution> rescued = running(tenant, 20, "worker-b"); // another worker holds these now
        List<Callable<Boolean>> saves = new ArrayList<>();
        List<AutomationExecution> all = new ArrayList<>(ours);
        all.addAll(rescued);
        for (AutomationExecution execution : all) {
            saves.add(() -> {
                execution.fail("boom", Optional.empty(), Instant.now());
                return progress.save(execution, WORKER);
            });
        }

        List<Future<Boolean>> answers = Concurrently.run(saves);

        for (int i = 0; i < all.size(); i++) {
            assertThat(answers.get(i).get()).as("save %d", i).isEqualTo(i < ours.size());
        }
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND status = 'failed' "
                + "AND error_message = 'boom'", tenant.value())).isEqualTo(60);
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND status = 'running' "
                + "AND lease_owner = 'worker-b'", tenant.value())).isEqualTo(20);
        assertThat(events(tenant, "automation.execution.failed")).isEqualTo(60);
    }

    /**
     * Saves {@code saves} as one group: a save of {@code blocker} is written first and stalls on
     * the row, locked by another transaction, until the others have queued behind it. Their
     * answers, in order, once the lock is released and the group written.
     */
    private List<Boolean> savedAsOneGroup(AutomationExecution blocker, List<Callable<Boolean>> saves)
            throws Exception {
        long groupsBefore = progress.groupsWritten();
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Connection holder = DriverManager.getConnection(database.url(), TestDatabase.USER, "")) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT 1 FROM automation_executions WHERE tenant = ? "
                    + "AND execution_id = ? FOR UPDATE")) {
                lock.setObject(1, blocker.tenant().value());
                lock.setObject(2, blocker.id().value());
                lock.executeQuery().close();
            }
            Future<Boolean> stalled = threads.submit(() -> progress.save(blocker, WORKER));
            await().atMost(Duration.ofSeconds(10)).until(() -> sql.count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1);
            saves.forEach(save -> answers.add(threads.submit(save)));
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.queued() == saves.size());
            holder.commit();
            assertThat(stalled.get()).isTrue();
        }
        assertThat(progress.groupsWritten() - groupsBefore).as("the stalled save, then one group").isEqualTo(2);
        List<Boolean> saved = new ArrayList<>();
        for (Future<Boolean> answer : answers) {
            saved.add(answer.get());
        }
        return saved;
    }

    @Test
    void a_progress_save_keeps_the_lease_and_a_cancelled_execution_is_not_overwritten() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        List<AutomationExecution> running = running(tenant, 3, WORKER);
        AutomationExecution inProgress = running.get(0);
        AutomationExecution cancelled = running.get(1);
        sql.update("UPDATE automation_executions SET status = 'cancelled', lease_owner = NULL, "
                + "lease_expires_at = NULL WHERE tenant = ? AND execution_id = ?", tenant.value(),
                cancelled.id().value());
        inProgress.actionSucceeded(0, 1, Map.of("status", 200), 1, 5, Instant.now());
        cancelled.complete(Instant.now());

        List<Boolean> answers = savedAsOneGroup(running.get(2), List.of(() -> progress.save(inProgress, WORKER),
                () -> progress.save(cancelled, WORKER)));

        assertThat(answers).containsExactly(true, false);
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND execution_id = ? "
                + "AND status = 'running' AND lease_owner = ? AND lease_expires_at IS NOT NULL "
                + "AND actions_successful = 1", tenant.value(), inProgress.id().value(), WORKER)).isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND execution_id = ? "
                + "AND status = 'cancelled'", tenant.value(), cancelled.id().value())).isEqualTo(1);
        assertThat(events(tenant, "automation.execution.completed")).isZero();
    }

    @Test
    void a_stale_run_of_an_earlier_attempt_saving_with_the_current_one_writes_nothing() throws Exception {
        // One dispatcher's worker id is the lease owner of all its claims: a run that outlived its
        // rescued lease and the run of the execution's next claim by the same dispatcher save alike.
        TenantId tenant = TenantFixture.stored(tenants);
        List<AutomationExecution> running = running(tenant, 2, WORKER);
        AutomationExecution stale = running.get(0);
        sql.update("UPDATE automation_executions SET attempt = attempt + 1 WHERE tenant = ? AND execution_id = ?",
                tenant.value(), stale.id().value());
        AutomationExecution current = executions.findById(tenant, stale.id()).orElseThrow();
        stale.fail("the stale run", Optional.empty(), Instant.now());
        current.complete(Instant.now());

        List<Boolean> answers = savedAsOneGroup(running.get(1), List.of(() -> progress.save(stale, WORKER),
                () -> progress.save(current, WORKER)));

        assertThat(answers).containsExactly(false, true);
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND execution_id = ? "
                + "AND status = 'completed'", tenant.value(), stale.id().value())).isEqualTo(1);
        assertThat(events(tenant, "automation.execution.failed")).isZero();
        assertThat(events(tenant, "automation.execution.completed")).isEqualTo(1);
    }

    @Test
    void a_bad_save_fails_alone_and_the_rest_of_its_group_is_written() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        List<AutomationExecution> running = running(tenant, 40, WORKER);
        List<Callable<Boolean>> saves = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            AutomationExecution execution = running.get(i);
            boolean bad = i == 20;
            saves.add(() -> {
                execution.complete(Instant.now());
                // a state the table refuses (CHECK actions_failed >= 0): the whole statement fails
                AutomationExecution saved = bad ? AutomationExecution.reconstitute(negativeCount(execution.state()))
                        : execution;
                return progress.save(saved, WORKER);
            });
        }

        List<Future<Boolean>> answers = Concurrently.run(saves);

        for (int i = 0; i < running.size(); i++) {
            if (i == 20) {
                Future<Boolean> bad = answers.get(i);
                assertThatThrownBy(bad::get).hasCauseInstanceOf(RuntimeException.class);
            } else {
                assertThat(answers.get(i).get()).isTrue();
            }
        }
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND status = 'completed'",
                tenant.value())).isEqualTo(39);
    }

    private static ExecutionState negativeCount(ExecutionState s) {
        return new ExecutionState(s.id(), s.tenant(), s.ruleId(), s.triggerType(), s.triggerData(), s.status(),
                s.priority(), s.startedAt(), s.completedAt(), s.durationMs(), s.actionsTotal(), s.actionsSuccessful(),
                -1, s.errorMessage(), s.errorStack(), s.failedActionIndex(), s.executionContext(), s.logs(),
                s.createdAt(), s.updatedAt(), s.availableAt(), s.attempt(), s.retryCount(), s.parentExecutionId(),
                s.chainDepth(), s.idempotencyKey(), s.requestHash());
    }
}
