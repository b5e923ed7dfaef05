package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.in.execution.CancelExecutionUseCase;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase;
import io.ruleworks.application.port.in.execution.GetExecutionUseCase;
import io.ruleworks.application.port.in.execution.ListChildExecutionsUseCase;
import io.ruleworks.application.port.in.execution.ListExecutionsUseCase;
import io.ruleworks.application.port.in.execution.RetryExecutionUseCase;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionIntake;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.ValidationException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manual execution, reading, retrying and cancelling executions. */
public final class ExecutionService implements ExecuteRuleUseCase, GetExecutionUseCase, ListExecutionsUseCase,
        RetryExecutionUseCase, CancelExecutionUseCase, ListChildExecutionsUseCase {

    static final String EXECUTION = "automation_execution";
    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
    public static final String RULE_NOT_ACTIVE = "RULE_NOT_ACTIVE";
    /** Context key: the execution that must reach a final state before a worker may claim this one. */
    public static final String RUN_AFTER = "run_after";

    private final RuleCache rules;
    private final ExecutionIntake intake;
    private final AutomationExecutionRepository executions;
    private final DryRunner dryRunner;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final Clock clock;

    public ExecutionService(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                            DryRunner dryRunner, ExecutionQueue queue, Transactions transactions, Clock clock) {
        this(new RuleCache(rules, RuleCache.DEFAULT_CAPACITY), executions,
                new TransactionalExecutionIntake(executions, transactions), dryRunner, queue, transactions, clock);
    }

    public ExecutionService(RuleCache rules, AutomationExecutionRepository executions,
                            ExecutionIntake intake, DryRunner dryRunner, ExecutionQueue queue,
                            Transactions transactions, Clock clock) {
        this.intake = intake;
        this.rules = rules;
        this.executions = executions;
        this.dryRunner = dryRunner;
        this.queue = queue;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public ExecutionState execute(ExecuteRuleCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.EXECUTE);
        if (command.dryRun()) {
            caller.require(Permission.READ); // a dry run answers with every action's rendered config
        }
        AutomationRule rule = rules.current(caller.tenant(), command.ruleId())
                .orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, command.ruleId()));
        if (!rule.isActive() && !command.overrideConditions() && !command.dryRun()) {
            throw new DomainException(RULE_NOT_ACTIVE, "Rule is " + rule.definition().status().wire()
                    + "; activate it or execute with override_conditions=true",
                    Map.of("rule_id", rule.id().toString(), "status", rule.definition().status().wire()));
        }
        Instant now = clock.instant();
        Trigger.Builder trigger = Trigger.of(rule, TriggerType.MANUAL).data(command.executionData())
                .detail("override_conditions", command.overrideConditions())
                .detail("dry_run", command.dryRun())
                .detail("requested_by_key", caller.keyId().toString());
        command.runAfter().ifPresent(previous -> trigger.detail(RUN_AFTER, previous.toString()));
        command.idempotencyKey().ifPresent(key -> trigger.idempotencyKey(key, command.requestFingerprint()));
        AutomationExecution execution = command.dryRun()
                ? dryRunner.dryRun(rule, trigger.build(), command.overrideConditions(), now)
                : AutomationExecution.triggered(trigger.build(), now);
        // A dry run counts like any run (execution_count, last_executed), as in /statistics and as Alga counts it
        Optional<ExecutionState> existing = intake.insert(execution, true);
        if (existing.isPresent()) {
            return sameRequest(existing.get(), command.requestFingerprint());
        }
        if (!command.dryRun()) {
            queue.announce();
        }
        return execution.state();
    }

    private static ExecutionState sameRequest(ExecutionState existing, String fingerprint) {
        if (!existing.requestHash().map(fingerprint::equals).orElse(false)) {
            throw new DomainException(IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request",
                    Map.of("header", "Idempotency-Key", "execution_id", existing.id().toString()));
        }
        return existing;
    }

    @Override
    public List<ExecutionState> children(Caller caller, ExecutionId parent, int limit) {
        caller.require(Permission.READ);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ValidationException.of("limit", "must be 1 to " + MAX_LIMIT);
        }
        return executions.children(caller.tenant(), parent, limit);
    }

    @Override
    public ExecutionState get(Caller caller, ExecutionId id) {
        caller.require(Permission.READ);
        return executions.findById(caller.tenant(), id).map(AutomationExecution::state)
                .orElseThrow(() -> new NotFoundException(EXECUTION, id));
    }

    @Override
    public Page<ExecutionState> list(Caller caller, ExecutionFilter filter, PageRequest page) {
        caller.require(Permission.READ);
        return executions.list(caller.tenant(), filter, page);
    }

    @Override
    public Page<ExecutionState> list(Caller caller, ExecutionFilter filter, PageRequest page, int countCap) {
        caller.require(Permission.READ);
        if (countCap < 1) {
            throw new IllegalArgumentException("countCap must be at least 1");
        }
        return executions.list(caller.tenant(), filter, page, countCap);
    }

    @Override
    public ExecutionState retry(Caller caller, ExecutionId id, RetryFrom from, Optional<String> idempotencyKey) {
        requireExecuteAndRead(caller);
        ExecutionState retried = transactions.inTransaction(() -> {
            AutomationExecution execution = executions.findByIdForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException(EXECUTION, id));
            if (idempotencyKey.isPresent()) {
                Optional<ExecutionState> replay = replayOfRetry(execution, idempotencyKey.get(), from);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            Instant now = clock.instant();
            execution.retry(from, idempotencyKey, now, now);
            executions.update(execution, Optional.empty());
            return execution.state();
        });
        queue.announce();
        return retried;
    }

    /** The same Idempotency-Key for the same retry returns the execution as it is now, retrying nothing. */
    private static Optional<ExecutionState> replayOfRetry(AutomationExecution execution, String key, RetryFrom from) {
        Optional<RetryFrom> earlier = execution.retriedWith(key);
        if (earlier.isPresent()) {
            if (earlier.get() != from) {
                throw new DomainException(IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used with a different request",
                        Map.of("header", "Idempotency-Key", "execution_id", execution.id().toString()));
            }
            return Optional.of(execution.state());
        }
        return Optional.empty();
    }

    @Override
    public ExecutionState cancel(Caller caller, ExecutionId id) {
        requireExecuteAndRead(caller);
        return transactions.inTransaction(() -> {
            AutomationExecution execution = executions.findByIdForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException(EXECUTION, id));
            execution.cancel("requested through the API", clock.instant());
            executions.update(execution, Optional.empty());
            return execution.state();
        });
    }

    /**
     * Retry and cancel change an execution and answer with it, and a refusal names its status: both
     * permissions are checked before the execution is looked at.
     */
    private static void requireExecuteAndRead(Caller caller) {
        caller.require(Permission.EXECUTE);
        caller.require(Permission.READ);
    }
}
