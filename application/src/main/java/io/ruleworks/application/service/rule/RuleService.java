package io.ruleworks.application.service.rule;

import io.ruleworks.application.port.in.rule.CreateRuleUseCase;
import io.ruleworks.application.port.in.rule.DeleteRuleUseCase;
import io.ruleworks.application.port.in.rule.GetRuleUseCase;
import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.service.trigger.HookService;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.ConflictException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The rule use cases: create, read, revise, delete and list a tenant's rules. */
public final class RuleService implements CreateRuleUseCase, GetRuleUseCase, UpdateRuleUseCase, DeleteRuleUseCase,
        ListRulesUseCase {

    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final Transactions transactions;
    private final Clock clock;
    private final ActionCapabilities capabilities;
    private final HookService hooks;

    public RuleService(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                       Transactions transactions, Clock clock, ActionCapabilities capabilities, HookService hooks) {
        this.rules = rules;
        this.executions = executions;
        this.transactions = transactions;
        this.clock = clock;
        this.capabilities = capabilities;
        this.hooks = hooks;
    }

    @Override
    public RuleDetails create(CreateRuleCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.CREATE);
        AutomationRule rule = AutomationRule.create(RuleId.newId(), caller.tenant(), command.draft(), caller.userId(),
                clock);
        capabilities.check(rule.definition());
        return transactions.inTransaction(() -> {
            rules.insert(rule);
            return RuleDetails.of(rule).withIssuedHookSecret(hooks.issueIfWebhook(rule));
        });
    }

    @Override
    public RuleDetails get(Caller caller, RuleId id) {
        caller.require(Permission.READ);
        AutomationRule rule = rules.findById(caller.tenant(), id).orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, id));
        return RuleDetails.of(rule, Optional.of(executions.statisticsFor(caller.tenant(), id)));
    }

    @Override
    public RuleDetails update(UpdateRuleCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.UPDATE);
        return transactions.inTransaction(() -> {
            AutomationRule rule = rules.findByIdForUpdate(caller.tenant(), command.id())
                    .orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, command.id()));
            boolean wasWebhook = rule.definition().triggerType() == TriggerType.WEBHOOK;
            RuleDraft current = rule.definition().toDraft();
            RuleDraft next = command.revision().apply(current);
            rule.replace(next, clock);
            // Only an update that changes the actions is held to the server's capabilities: a rule whose stored
            // action was disabled later can still be renamed or deactivated (it fails at run time).
            if (!next.actions().equals(current.actions())) {
                capabilities.check(rule.definition());
            }
            if (!next.triggerConfig().equals(current.triggerConfig())) {
                capabilities.checkTrigger(rule.definition());
            }
            rules.update(rule);
            // A rule that becomes a webhook rule gets its hook secret now; one that stays keeps it.
            return RuleDetails.of(rule).withIssuedHookSecret(wasWebhook ? Optional.empty() : hooks.issueIfWebhook(rule));
        });
    }

    @Override
    public void delete(Caller caller, RuleId id) {
        caller.require(Permission.DELETE);
        transactions.run(() -> {
            rules.findByIdForUpdate(caller.tenant(), id).orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, id));
            if (executions.hasInFlightExecutions(caller.tenant(), id)) {
                throw new ConflictException("RULE_HAS_ACTIVE_EXECUTIONS",
                        "Rule has pending or running executions; cancel them or wait before deleting",
                        Map.of("rule_id", id.toString()));
            }
            rules.delete(caller.tenant(), id);
        });
    }

    @Override
    public Page<RuleDetails> list(Caller caller, RuleFilter filter, PageRequest page) {
        caller.require(Permission.READ);
        return rules.list(caller.tenant(), filter, page).map(RuleDetails::of);
    }
}
