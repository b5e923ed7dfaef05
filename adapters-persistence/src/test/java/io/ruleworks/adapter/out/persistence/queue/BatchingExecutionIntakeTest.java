package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.Concurrently;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** New executions stored by the group-committing intake, from many request threads at once. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchingExecutionIntakeTest extends FreshDatabaseTest {

    @Inject
    BatchingExecutionIntake intake;

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    private RuleId newRule(TenantId tenant) {
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        return rule.id();
    }

    private static AutomationExecution pending(TenantId tenant, RuleId rule, Optional<String> key) {
        Trigger.Builder trigger = Trigger.of(tenant, rule, Priority.NORMAL, 1, TriggerType.MANUAL).data(Map.of("n", 1));
        key.ifPresent(k -> trigger.idempotencyKey(k, "f".repeat(64)));
        return AutomationExecution.triggered(trigger.build(), Instant.now());
    }

    @Test
    void concurrent_requests_are_all_stored_with_their_events_and_counters_in_fewer_transactions() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        List<RuleId> ruleIds = List.of(newRule(tenant), newRule(tenant), newRule(tenant));
        long groupsBefore = intake.groupsWritten();
        List<Callable<Optional<ExecutionState>>> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            RuleId rule = ruleIds.get(i % 3);
            tasks.add(() -> intake.insert(pending(tenant, rule, Optional.empty()), true));
        }

        for (Future<Optional<ExecutionState>> answer : Concurrently.run(tasks)) {
            assertThat(answer.get()).isEmpty();
        }

        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ?", tenant.value()))
                .isEqualTo(300);
        for (RuleId rule : ruleIds) {
            assertThat(sql.count("SELECT execution_count FROM automation_rules WHERE tenant = ? AND rule_id = ?",
                    tenant.value(), rule.value())).isEqualTo(100);
        }
        assertThat(sql.count("SELECT count(*) FROM automation_outbox o JOIN automation_executions e "
                + "ON e.tenant = o.tenant AND e.execution_id = o.execution_id "
                + "WHERE o.tenant = ? AND o.event_type = 'automation.execution.created'", tenant.value()))
                .isEqualTo(300);
        assertThat(intake.groupsWritten() - groupsBefore).isLessThan(300);
    }

    @Test
    void the_same_idempotency_key_from_many_requests_at_once_stores_one_execution_and_answers_it_to_the_others()
            throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        List<Callable<Optional<ExecutionState>>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(() -> intake.insert(pending(tenant, rule, Optional.of("same-key")), true));
        }

        List<Optional<ExecutionState>> answers = new ArrayList<>();
        for (Future<Optional<ExecutionState>> answer : Concurrently.run(tasks)) {
            answers.add(answer.get());
        }

        assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
        String stored = sql.query("SELECT execution_id::text FROM automation_executions WHERE tenant = ? "
                + "AND idempotency_key = 'same-key'", rs -> rs.getString(1), tenant.value()).getFirst();
        assertThat(answers).filteredOn(Optional::isPresent)
                .allSatisfy(existing -> assertThat(existing.get().id().toString()).isEqualTo(stored));
        assertThat(sql.count("SELECT execution_count FROM automation_rules WHERE tenant = ? AND rule_id = ?",
                tenant.value(), rule.value())).isEqualTo(1);
    }

    @Test
    void a_bad_execution_fails_alone_and_the_rest_of_its_group_is_stored() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleId rule = newRule(tenant);
        RuleId missing = RuleId.newId(); // no such rule: its row violates the foreign key
        List<Callable<Optional<ExecutionState>>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            RuleId target = i == 30 ? missing : rule;
            tasks.add(() -> intake.insert(pending(tenant, target, Optional.empty()), true));
        }

        List<Future<Optional<ExecutionState>>> answers = Concurrently.run(tasks);

        for (int i = 0; i < 60; i++) {
            if (i == 30) {
                Future<Optional<ExecutionState>> bad = answers.get(i);
                assertThatThrownBy(bad::get).hasCauseInstanceOf(RuntimeException.class);
            } else {
                assertThat(answers.get(i).get()).isEmpty();
            }
        }
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ?", tenant.value()))
                .isEqualTo(59);
        assertThat(sql.count("SELECT execution_count FROM automation_rules WHERE tenant = ? AND rule_id = ?",
                tenant.value(), rule.value())).isEqualTo(59);
    }
}
