package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a rule: its trigger data, its status, what each action did, and its log. Every
 * status change goes through {@link ExecutionTransition}'s table and records a domain event. Its
 * {@link ExecutionContext} holds the trigger details and, as types, the action results (keyed by
 * the action's order, so later actions and a resumed retry can use them), the earlier attempts,
 * the resume point and the retry keys.
 */
public final class AutomationExecution {

    public static final int MAX_LOG_ENTRIES = 500;
    public static final int MAX_ERROR_STACK = 4_000;
    public static final int MAX_PREVIOUS_ATTEMPTS = PreviousAttempts.MAX;

    private final ExecutionId id;
    private final TenantId tenant;
    private final RuleId ruleId;
    private final TriggerType triggerType;
    private final Map<String, Object> triggerData;
    private ExecutionStatus status;
    private final Priority priority;
    private Optional<Instant> startedAt;
    private Optional<Instant> completedAt;
    private Optional<Long> durationMs;
    private int actionsTotal;
    private int actionsSuccessful;
    private int actionsFailed;
    private Optional<String> errorMessage;
    private Optional<String> errorStack;
    private Optional<Integer> failedActionIndex;
    private ExecutionContext context;
    private final List<ExecutionLogEntry> logs;
    private final Instant createdAt;
    private Instant updatedAt;
    private Instant availableAt;
    private int attempt;
    private int retryCount;
    private final Optional<ExecutionId> parent;
    private final int chainDepth;
    private final Optional<String> idempotencyKey;
    private final Optional<String> requestHash;
    private final List<ExecutionEvent> events = new ArrayList<>();

    private AutomationExecution(ExecutionState s) {
        this.id = s.id();
        this.tenant = s.tenant();
        this.ruleId = s.ruleId();
        this.triggerType = s.triggerType();
        this.triggerData = s.triggerData();
        this.status = s.status();
        this.priority = s.priority();
        this.startedAt = s.startedAt();
        this.completedAt = s.completedAt();
        this.durationMs = s.durationMs();
        this.actionsTotal = s.actionsTotal();
        this.actionsSuccessful = s.actionsSuccessful();
        this.actionsFailed = s.actionsFailed();
        this.errorMessage = s.errorMessage();
        this.errorStack = s.errorStack();
        this.failedActionIndex = s.failedActionIndex();
        this.context = s.executionContext();
        this.logs = new ArrayList<>(s.logs());
        this.createdAt = s.createdAt();
        this.updatedAt = s.updatedAt();
        this.availableAt = s.availableAt();
        this.attempt = s.attempt();
        this.retryCount = s.retryCount();
        this.parent = s.parentExecutionId();
        this.chainDepth = s.chainDepth();
        this.idempotencyKey = s.idempotencyKey();
        this.requestHash = s.requestHash();
    }

    /**
     * A new pending execution of a rule, due at once: the one way every trigger path (manual,
     * schedule, webhook, condition poll, event, workflow) creates one.
     */
    public static AutomationExecution triggered(Trigger trigger, Instant now) {
        AutomationExecution e = new AutomationExecution(initial(trigger, now));
        e.log(LogLevel.INFO, "Execution created (trigger: " + trigger.type().wire() + ")", Optional.empty(), Map.of(), now);
        e.record(ExecutionEvent.Kind.CREATED, now);
        return e;
    }

    /** A dry run: recorded directly in its final state, never queued. */
    public static AutomationExecution dryRun(Trigger trigger, boolean conditionsHeld, List<ExecutionLogEntry> trace,
                                             Instant now) {
        AutomationExecution e = new AutomationExecution(initial(trigger, now));
        e.logs.addAll(trace);
        e.status = conditionsHeld ? ExecutionStatus.COMPLETED : ExecutionStatus.SKIPPED;
        e.startedAt = Optional.of(now);
        e.completedAt = Optional.of(now);
        e.durationMs = Optional.of(0L);
        e.log(LogLevel.INFO, conditionsHeld ? "Dry run completed: no action was performed"
                : "Dry run: conditions do not hold, the execution would be skipped", Optional.empty(), Map.of(), now);
        return e;
    }

    private static ExecutionState initial(Trigger t, Instant now) {
        return new ExecutionState(t.id(), t.tenant(), t.ruleId(), t.type(), t.data(), ExecutionStatus.PENDING,
                t.priority(), Optional.empty(), Optional.empty(), Optional.empty(), t.actionsTotal(), 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), t.context(), List.of(), now, now, now, 0,
                0, t.parent(), t.chainDepth(), t.idempotencyKey(), t.requestHash());
    }

    public static AutomationExecution reconstitute(ExecutionState state) {
        return new AutomationExecution(state);
    }

    // --- transitions ---------------------------------------------------------------------

    /**
     * A worker took the execution: pending -> running. The first start is kept when a run is
     * taken again after a lost lease, so that the execution's timeout counts from it; a retry
     * clears it.
     */
    public void start(Instant now) {
        move(ExecutionTransition.START, now);
        attempt++;
        if (startedAt.isEmpty()) {
            startedAt = Optional.of(now);
        }
        log(LogLevel.INFO, "Execution started (attempt " + attempt + ")", Optional.empty(), Map.of(), now);
        record(ExecutionEvent.Kind.STARTED, now);
    }

    public void actionSucceeded(int index, int order, Map<String, Object> result, int attempts, long tookMs,
                                Instant now) {
        requireRunning("record an action");
        actionsSuccessful++;
        context = context.withActions(context.actionResults().with(order,
                ActionResult.completed(index, result, attempts, tookMs)));
        log(LogLevel.INFO, "Action " + order + " completed", Optional.of(index),
                Map.of("attempts", attempts, "duration_ms", tookMs), now);
    }

    public void actionFailed(int index, int order, String code, String message, int attempts, long tookMs,
                             boolean continuing, Instant now) {
        requireRunning("record an action");
        actionsFailed++;
        context = context.withActions(context.actionResults().with(order,
                ActionResult.failed(index, code, message, attempts, tookMs)));
        if (failedActionIndex.isEmpty()) {
            failedActionIndex = Optional.of(index);
        }
        log(continuing ? LogLevel.WARN : LogLevel.ERROR, "Action " + order + " failed: " + message
                        + (continuing ? " (continue_on_error: carrying on)" : ""), Optional.of(index),
                Map.of("code", code, "attempts", attempts, "duration_ms", tookMs), now);
    }

    public void complete(Instant now) {
        move(ExecutionTransition.COMPLETE, now);
        finish(now);
        log(LogLevel.INFO, "Execution completed: " + actionsSuccessful + " of " + actionsTotal + " actions succeeded",
                Optional.empty(), Map.of(), now);
        record(ExecutionEvent.Kind.COMPLETED, now);
    }

    public void fail(String message, Optional<String> stack, Instant now) {
        move(ExecutionTransition.FAIL, now);
        finish(now);
        errorMessage = Optional.of(message);
        errorStack = stack.map(s -> s.length() > MAX_ERROR_STACK ? s.substring(0, MAX_ERROR_STACK) : s);
        log(LogLevel.ERROR, "Execution failed: " + message, failedActionIndex, Map.of(), now);
        record(ExecutionEvent.Kind.FAILED, now);
    }

    public void timeOut(Duration limit, Instant now) {
        move(ExecutionTransition.TIME_OUT, now);
        finish(now);
        errorMessage = Optional.of("Execution exceeded its timeout of " + limit.toMinutes() + " minute(s)");
        log(LogLevel.ERROR, errorMessage.get(), Optional.empty(), Map.of(), now);
        record(ExecutionEvent.Kind.TIMED_OUT, now);
    }

    public void skip(String reason, Instant now) {
        move(ExecutionTransition.SKIP, now);
        finish(now);
        log(LogLevel.INFO, "Execution skipped: " + reason, Optional.empty(), Map.of(), now);
        record(ExecutionEvent.Kind.SKIPPED, now);
    }

    public void cancel(String reason, Instant now) {
        move(ExecutionTransition.CANCEL, now);
        finish(now);
        log(LogLevel.WARN, "Execution cancelled: " + reason, Optional.empty(), Map.of(), now);
        record(ExecutionEvent.Kind.CANCELLED, now);
    }

    /** {@link #retry(RetryFrom, Optional, Instant, Instant)} without an Idempotency-Key (retry_failed_executions). */
    public void retry(RetryFrom from, Instant availableFrom, Instant now) {
        retry(from, Optional.empty(), availableFrom, now);
    }

    /**
     * Retries a failed or timed-out execution: back to pending with cleared completion and error
     * counters. The previous attempt's summary is kept in {@link PreviousAttempts}. From
     * {@link RetryFrom#FAILED_ACTION}, results of actions before the failed one are kept and the
     * run resumes at the failed action. A retry sent with an Idempotency-Key remembers it
     * ({@link #retriedWith(String)}).
     */
    public void retry(RetryFrom from, Optional<String> idempotencyKey, Instant availableFrom, Instant now) {
        ExecutionStatus previous = status;
        move(ExecutionTransition.RETRY, now);
        Attempt summary = new Attempt(retryCount + 1, previous, startedAt, completedAt, durationMs,
                actionsSuccessful, actionsFailed, errorMessage, failedActionIndex);
        Optional<ResumePoint> resumeAt = from == RetryFrom.FAILED_ACTION
                ? failedActionIndex.map(ResumePoint::new) : Optional.empty();
        ActionResults kept = resumeAt.map(r -> context.actionResults().completedBefore(r.actionIndex()))
                .orElse(ActionResults.NONE);
        context = context.retried(summary, kept, resumeAt);
        idempotencyKey.ifPresent(key -> context = context.withRetryKey(key, from));
        actionsSuccessful = kept.size();
        retryCount++;
        actionsFailed = 0;
        startedAt = Optional.empty();
        completedAt = Optional.empty();
        durationMs = Optional.empty();
        errorMessage = Optional.empty();
        errorStack = Optional.empty();
        failedActionIndex = Optional.empty();
        availableAt = availableFrom;
        log(LogLevel.INFO, "Execution retried from " + resumeAt.map(r -> "action index " + r.actionIndex())
                .orElse("the start") + " (retry " + retryCount + ")", Optional.empty(), Map.of("from", from.wire()), now);
        record(ExecutionEvent.Kind.RETRIED, now);
    }

    /** Where the retry sent with Idempotency-Key {@code key} started from, if this execution had one. */
    public Optional<RetryFrom> retriedWith(String key) {
        return context.retryKeys().of(key);
    }

    /** Failed or timed out: a client (or retry_failed_executions) may retry it. */
    public boolean retryable() {
        return status.isRetryable();
    }

    public void log(LogLevel level, String message, Optional<Integer> actionIndex, Map<String, Object> metadata,
                    Instant now) {
        if (logs.size() >= MAX_LOG_ENTRIES) {
            if (logs.size() == MAX_LOG_ENTRIES) {
                logs.add(new ExecutionLogEntry(now, LogLevel.WARN, "Log truncated at " + MAX_LOG_ENTRIES + " entries",
                        Optional.empty(), Map.of()));
            }
            return;
        }
        logs.add(new ExecutionLogEntry(now, level, message, actionIndex, metadata));
        updatedAt = now;
    }

    private void move(ExecutionTransition transition, Instant now) {
        if (!transition.allowedFrom(status)) {
            throw new InvalidTransitionException(status, transition.target(), transition.verb());
        }
        status = transition.target();
        updatedAt = now;
    }

    private void record(ExecutionEvent.Kind kind, Instant now) {
        events.add(new ExecutionEvent(kind, tenant, id, ruleId, now));
    }

    private void requireRunning(String what) {
        if (status != ExecutionStatus.RUNNING) {
            throw new InvalidTransitionException(status, ExecutionStatus.RUNNING, "asked to " + what);
        }
    }

    private void finish(Instant now) {
        completedAt = Optional.of(now);
        durationMs = Optional.of(startedAt.map(s -> Math.max(0, Duration.between(s, now).toMillis())).orElse(0L));
    }

    /**
     * Results recorded so far, keyed by action order ("1", "2"...): the templates' {@code actions}
     * for the next action. From this call on the context lists its (possibly no) action results.
     */
    public Map<String, Object> actionResultsView() {
        if (context.actions().isEmpty()) {
            context = context.withActions(ActionResults.NONE);
        }
        return context.actionResults().toJson();
    }

    public Optional<Integer> resumeFromIndex() {
        return context.resumePoint().map(ResumePoint::actionIndex);
    }

    /** The domain events recorded since the last call; the repository writes them to the outbox. */
    public List<ExecutionEvent> drainEvents() {
        List<ExecutionEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    public ExecutionState state() {
        return new ExecutionState(id, tenant, ruleId, triggerType, triggerData, status, priority, startedAt,
                completedAt, durationMs, actionsTotal, actionsSuccessful, actionsFailed, errorMessage, errorStack,
                failedActionIndex, context, logs, createdAt, updatedAt, availableAt, attempt, retryCount,
                parent, chainDepth, idempotencyKey, requestHash);
    }

    public ExecutionId id() {
        return id;
    }

    public TenantId tenant() {
        return tenant;
    }

    public RuleId ruleId() {
        return ruleId;
    }

    public ExecutionStatus status() {
        return status;
    }

    /** The trigger data (open JSON, read-only). */
    public Map<String, Object> triggerData() {
        return triggerData;
    }

    public int chainDepth() {
        return chainDepth;
    }

    /** How many times this execution was claimed to run (including re-runs after a lost lease). */
    public int attempt() {
        return attempt;
    }

    /** How many times this execution was retried after failing or timing out. */
    public int retryCount() {
        return retryCount;
    }

    public Optional<Instant> startedAt() {
        return startedAt;
    }

    /** The execution context: trigger details and run state, immutable. */
    public ExecutionContext context() {
        return context;
    }
}
