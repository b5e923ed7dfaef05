package io.ruleworks.application.service.rule;

import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase.ExecuteRuleCommand;
import io.ruleworks.application.port.in.rule.BulkExecuteRulesUseCase;
import io.ruleworks.application.port.in.rule.BulkItemResult;
import io.ruleworks.application.port.in.rule.BulkUpdateRuleStatusUseCase;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Bulk status changes and bulk executions: every rule is handled as its own request would be, and
 * a rule that fails is reported with its code instead of failing the whole batch. Another tenant's
 * rule is reported exactly like a missing one.
 */
public final class BulkRuleService implements BulkUpdateRuleStatusUseCase, BulkExecuteRulesUseCase {

    public static final String RULE_NOT_FOUND = "RULE_NOT_FOUND";

    private final AutomationRuleRepository rules;
    private final ExecuteRuleUseCase executeRule;
    private final Transactions transactions;
    private final Clock clock;

    public BulkRuleService(AutomationRuleRepository rules, ExecuteRuleUseCase executeRule, Transactions transactions,
                           Clock clock) {
        this.rules = rules;
        this.executeRule = executeRule;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public List<BulkItemResult> updateStatus(BulkStatusCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.UPDATE);
        List<BulkItemResult> results = new ArrayList<>();
        for (RuleId id : distinct(command.ids())) {
            results.add(transactions.inTransaction(() -> {
                Optional<AutomationRule> rule = rules.findByIdForUpdate(caller.tenant(), id);
                if (rule.isEmpty()) {
                    return notFound(id);
                }
                rule.get().changeStatus(command.status(), clock);
                if (!rules.update(rule.get())) {
                    return notFound(id);
                }
                return BulkItemResult.done(id);
            }));
        }
        return results;
    }

    @Override
    public List<BulkItemResult> execute(BulkExecuteCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.EXECUTE);
        List<BulkItemResult> results = new ArrayList<>();
        Optional<ExecutionId> previous = Optional.empty();
        for (RuleId id : distinct(command.ids())) {
            try {
                ExecutionState started = executeRule.execute(new ExecuteRuleCommand(caller, id,
                        command.executionData(), command.overrideConditions(), false, Optional.empty(), "",
                        command.sequential() ? previous : Optional.empty()));
                previous = Optional.of(started.id());
                results.add(BulkItemResult.started(id, started.id()));
            } catch (NotFoundException e) {
                results.add(notFound(id));
            } catch (DomainException e) {
                results.add(BulkItemResult.failed(id, e.code(), e.getMessage()));
            }
        }
        return results;
    }

    private static BulkItemResult notFound(RuleId id) {
        return BulkItemResult.failed(id, RULE_NOT_FOUND, "Rule not found");
    }

    private static List<RuleId> distinct(List<RuleId> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }
}
