package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.WorkflowExecutionConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * The workflow_execution action: starts another rule of the same tenant as a child execution
 * linked to its parent. The loop guard ends a child as skipped, with the reason in its log, when
 * its rule is already in the chain (a cycle) or the chain is deeper than the configured limit.
 * The child's idempotency key is derived from the parent and the action, so a re-run after a
 * crash does not start a second child.
 *
 * <p>With {@code wait_for_completion: true} the action waits (within its timeout) until the child
 * has ended: a completed or skipped child succeeds with the child's action results, a failed,
 * timed-out or cancelled child fails the action with the child's error; a child still running
 * at the timeout fails the action with WORKFLOW_WAIT_TIMEOUT (the child goes on). A waiting
 * parent keeps its worker slot, so only a bounded number may wait at once; beyond it the action
 * fails retryably (WORKFLOW_WAIT_CAPACITY) and its retry waits for the same child.
 */
public final class WorkflowLauncher {

    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final EngineSettings settings;
    private final Clock clock;

    /** Parents that may wait for a child at once on this instance, by default. */
    public static final int DEFAULT_MAX_WAITING = 8;

    private final Semaphore waiting;

    public WorkflowLauncher(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                            ExecutionQueue queue, Transactions transactions, EngineSettings settings, Clock clock) {
        this(rules, executions, queue, transactions, settings, DEFAULT_MAX_WAITING, clock);
    }

    /**
     * @param maxWaiting how many parents may wait for their child at once. A waiting parent keeps
     *                   its worker slot, so this must stay well below the worker concurrency: if
     *                   every slot held a waiting parent, no child could ever be claimed.
     */
    public WorkflowLauncher(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                            ExecutionQueue queue, Transactions transactions, EngineSettings settings, int maxWaiting,
                            Clock clock) {
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("the number of waiting workflows must be at least 1");
        }
        this.waiting = new Semaphore(maxWaiting);
        this.rules = rules;
        this.executions = executions;
        this.queue = queue;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    static final Duration POLL = Duration.ofMillis(100);

    public Map<String, Object> launch(AutomationExecution parent, int index, WorkflowExecutionConfig config,
                                      Duration maxWait) throws InterruptedException {
        RuleId target = config.ruleId();
        AutomationRule rule = rules.findById(parent.tenant(), target).orElseThrow(() ->
                new ActionFailedException("RULE_NOT_FOUND", "Rule " + target + " does not exist", false));
        List<String> chain = parent.context().chain();
        int depth = parent.chainDepth() + 1;
        boolean cycle = chain.contains(target.toString());
        List<String> childChain = new ArrayList<>(chain);
        childChain.add(target.toString());
        if (!cycle && depth <= settings.maxChainDepth() && !rule.isActive()) {
            throw new ActionFailedException("RULE_NOT_ACTIVE", "Rule " + target + " is "
                    + rule.definition().status().wire(), false);
        }
        Map<String, Object> triggerData = config.executionData().orElseGet(parent::triggerData);
        Instant now = clock.instant();
        AutomationExecution child = AutomationExecution.triggered(Trigger.of(rule, rule.definition().triggerType())
                .data(triggerData).source("workflow").detail("parent_execution_id", parent.id().toString())
                .chain(childChain).childOf(parent.id()).chainDepth(depth)
                .idempotencyKey("workflow:" + parent.id() + ":" + index, "workflow").build(), now);
        if (cycle) {
            child.skip("loop guard: rule " + target + " is already in the chain " + String.join(" -> ", childChain), now);
        } else if (depth > settings.maxChainDepth()) {
            child.skip("loop guard: chain depth " + depth + " exceeds the limit of " + settings.maxChainDepth(), now);
        }
        ExecutionState state = transactions.inTransaction(() -> executions.insertUnlessDuplicate(child, true))
                .orElseGet(child::state);
        if (state.status() == ExecutionStatus.PENDING) {
            queue.announce();
        }
        if (config.waitForCompletion()) {
            state = awaitEnd(state, maxWait);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("child_execution_id", state.id().toString());
        result.put("rule_id", target.toString());
        result.put("status", state.status().wire());
        if (state.status() == ExecutionStatus.COMPLETED && state.executionContext().actions().isPresent()) {
            result.put("actions", state.executionContext().actionResults().toJson());
        }
        return result;
    }

    private ExecutionState awaitEnd(ExecutionState child, Duration maxWait) throws InterruptedException {
        if (!waiting.tryAcquire()) {
            // Retryable: a retry of this action finds the same child (its idempotency key) and waits then.
            throw new ActionFailedException("WORKFLOW_WAIT_CAPACITY", "Child execution " + child.id()
                    + " was started, but this instance already has its limit of parents waiting for children", true);
        }
        try {
            return awaitEndHoldingSlot(child, maxWait);
        } finally {
            waiting.release();
        }
    }

    private ExecutionState awaitEndHoldingSlot(ExecutionState child, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ExecutionState state = child;
        while (state.status().isInFlight()) {
            if (System.nanoTime() >= deadline) {
                throw new ActionFailedException("WORKFLOW_WAIT_TIMEOUT", "Child execution " + child.id()
                        + " was still " + state.status().wire() + " after " + maxWait.toSeconds() + " s", false);
            }
            Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            state = executions.findById(child.tenant(), child.id()).map(AutomationExecution::state).orElse(state);
        }
        if (state.status().isRetryable() || state.status() == ExecutionStatus.CANCELLED) {
            throw new ActionFailedException("CHILD_EXECUTION_" + state.status().name(), "Child execution "
                    + child.id() + " ended " + state.status().wire() + state.errorMessage().map(m -> ": " + m)
                    .orElse(""), false);
        }
        return state;
    }
}
