package io.ruleworks.application.service.rule;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.FixedSecrets;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.in.rule.BulkExecuteRulesUseCase.BulkExecuteCommand;
import io.ruleworks.application.port.in.rule.BulkItemResult;
import io.ruleworks.application.port.in.rule.BulkUpdateRuleStatusUseCase.BulkStatusCommand;
import io.ruleworks.application.service.execution.DryRunner;
import io.ruleworks.application.service.execution.ExecutionService;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BulkRuleServiceTest {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final ExecutionService executionService = new ExecutionService(rules, executions,
            new DryRunner(new ConditionEvaluator(), new TemplateRenderer(), FixedSecrets.none()), new RecordingExecutionQueue(),
            transactions, clock);
    private final BulkRuleService service = new BulkRuleService(rules, executionService, transactions, clock);

    private final TenantId tenant = TenantIds.random();
    private final Caller caller = Callers.withAll(tenant);

    private AutomationRule stored(TenantId owner, String status) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(owner).from(aRule().withStatus(status)).build();
        rules.containing(rule);
        return rule;
    }

    @Test
    void bulk_status_changes_every_rule_found_and_reports_the_missing_and_foreign_ones_alike() {
        AutomationRule draft = stored(tenant, "draft");
        AutomationRule inactive = stored(tenant, "inactive");
        AutomationRule foreign = stored(TenantIds.random(), "draft");
        RuleId missing = RuleId.newId();

        List<BulkItemResult> results = service.updateStatus(new BulkStatusCommand(caller,
                List.of(draft.id(), foreign.id(), missing, inactive.id()), RuleStatus.ACTIVE));

        assertThat(results).extracting(BulkItemResult::ruleId)
                .containsExactly(draft.id(), foreign.id(), missing, inactive.id());
        assertThat(results).extracting(r -> r.failure().map(BulkItemResult.Failure::code).orElse("ok"))
                .containsExactly("ok", "RULE_NOT_FOUND", "RULE_NOT_FOUND", "ok");
        assertThat(results.get(1).failure()).isEqualTo(results.get(2).failure());
        assertThat(rules.stored(tenant, draft.id()).orElseThrow().definition().status()).isEqualTo(RuleStatus.ACTIVE);
        assertThat(rules.stored(tenant, inactive.id()).orElseThrow().definition().status()).isEqualTo(RuleStatus.ACTIVE);
        assertThat(rules.stored(foreign.tenant(), foreign.id()).orElseThrow().definition().status())
                .isEqualTo(RuleStatus.DRAFT);
    }

    @Test
    void bulk_status_handles_each_rule_in_its_own_transaction_and_a_repeated_id_once() {
        AutomationRule rule = stored(tenant, "draft");
        AutomationRule other = stored(tenant, "draft");

        List<BulkItemResult> results = service.updateStatus(new BulkStatusCommand(caller,
                List.of(rule.id(), other.id(), rule.id()), RuleStatus.INACTIVE));

        assertThat(results).hasSize(2);
        assertThat(transactions.begun()).isEqualTo(2);
    }

    @Test
    void bulk_status_needs_the_update_permission_before_reading_anything() {
        AutomationRule rule = stored(tenant, "draft");

        assertThrows(PermissionDeniedException.class, () -> service.updateStatus(new BulkStatusCommand(
                Callers.withAllBut(tenant, Permission.UPDATE), List.of(rule.id()), RuleStatus.ACTIVE)));
        assertThat(rules.calls()).isEmpty();
    }

    @Test
    void bulk_execute_starts_the_active_rules_and_reports_inactive_and_missing_ones_by_code() {
        AutomationRule active = stored(tenant, "active");
        AutomationRule inactive = stored(tenant, "inactive");
        AutomationRule foreign = stored(TenantIds.random(), "active");

        List<BulkItemResult> results = service.execute(new BulkExecuteCommand(caller,
                List.of(active.id(), inactive.id(), foreign.id()), Map.of("ticket", "T-1"), false, false));

        assertThat(results).extracting(r -> r.failure().map(BulkItemResult.Failure::code).orElse("ok"))
                .containsExactly("ok", "RULE_NOT_ACTIVE", "RULE_NOT_FOUND");
        ExecutionState started = executions.stored(results.getFirst().executionId().orElseThrow()).orElseThrow();
        assertThat(started.ruleId()).isEqualTo(active.id());
        assertThat(started.triggerData()).isEqualTo(Map.of("ticket", "T-1"));
        assertThat(started.executionContext().toJson()).doesNotContainKey(ExecutionService.RUN_AFTER);
        assertThat(executions.all()).hasSize(1);
    }

    @Test
    void bulk_execute_with_override_starts_inactive_rules_too() {
        AutomationRule inactive = stored(tenant, "inactive");

        List<BulkItemResult> results = service.execute(new BulkExecuteCommand(caller, List.of(inactive.id()),
                Map.of(), true, false));

        assertThat(results.getFirst().succeeded()).isTrue();
        assertThat(executions.stored(results.getFirst().executionId().orElseThrow()).orElseThrow()
                .executionContext().toJson().get("override_conditions")).isEqualTo(true);
    }

    @Test
    void sequential_bulk_execute_chains_each_execution_to_the_previous_one_started() {
        AutomationRule first = stored(tenant, "active");
        AutomationRule skipped = stored(tenant, "draft");
        AutomationRule third = stored(tenant, "active");

        List<BulkItemResult> results = service.execute(new BulkExecuteCommand(caller,
                List.of(first.id(), skipped.id(), third.id()), Map.of(), false, true));

        ExecutionState head = executions.stored(results.get(0).executionId().orElseThrow()).orElseThrow();
        ExecutionState tail = executions.stored(results.get(2).executionId().orElseThrow()).orElseThrow();
        assertThat(head.executionContext().toJson()).doesNotContainKey(ExecutionService.RUN_AFTER);
        assertThat(tail.executionContext().toJson().get(ExecutionService.RUN_AFTER)).isEqualTo(head.id().toString());
        assertThat(results.get(1).executionId()).isEqualTo(Optional.empty());
    }

    @Test
    void bulk_execute_needs_the_execute_permission() {
        AutomationRule active = stored(tenant, "active");

        assertThrows(PermissionDeniedException.class, () -> service.execute(new BulkExecuteCommand(
                Callers.withAllBut(tenant, Permission.EXECUTE), List.of(active.id()), Map.of(), false, false)));
        assertThat(executions.all()).isEmpty();
    }
}
