package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a rule: its trigger data, its status, what each action did, and its log. Every
 * status change goes through {@link ExecutionStatus#canMoveTo} and records a domain event.
 * Action results live in {@code execution_context.actions}, keyed by the action's order, so later
 * actions and a resumed retry can use them.
 */
public final class AutomationExecution {

    public static final int MAX_LOG_ENTRIES = 500;
    public static final int MAX_ERROR_STACK = 4_000;
    public static final int MAX_PREVIOUS_ATTEMPTS = 20;

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
    private final Map<String, Object> context;
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
        this.context = deepCopy(s.executionContext());
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

    /** What a new execution starts from. */
    public record Request(ExecutionId id, TenantId tenant, RuleId ruleId, TriggerType triggerType,
                          Map<String, Object> triggerData, Priority priority, int actionsTotal,
                          Map<String, Object> executionContext, Optional<ExecutionId> parent, int chainDepth,
                          Optional<String> idempotencyKey, Optional<String> requestHash) {
    }

    /** A new pending execution, due at once. */
    public static AutomationExecution pending(Request r, Instant now) {
        AutomationExecution e = new AutomationExecution(initial(r, ExecutionStatus.PENDING, now));
        e.log(LogLevel.INFO, "Execution created (trigger: " + r.triggerType().wire() + ")", Optional.empty(), Map.of(), now);
        e.events.add(new ExecutionEvent.Created(r.tenant(), r.id(), r.ruleId(), now));
        return e;
    }

    /** A dry run: recorded directly in its final state, never queued. */
    public static AutomationExecution dryRun(Request r, boolean conditionsHeld, List<ExecutionLogEntry> trace,
                                             Instant now) {
        AutomationExecution e = new AutomationExecution(initial(r, ExecutionStatus.PENDING, now));
        e.logs.addAll(trace);
        e.status = conditionsHeld ? ExecutionStatus.COMPLETED : ExecutionStatus.SKIPPED;
        e.startedAt = Optional.of(now);
        e.completedAt = Optional.of(now);
        e.durationMs = Optional.of(0L);
        e.log(LogLevel.INFO, conditionsHeld ? "Dry run completed: no action was performed"
                : "Dry run: conditions do not hold, the execution would be skipped", Optional.empty(), Map.of(), now);
        return e;
    }

    private static ExecutionState initial(Request r, ExecutionStatus status, Instant now) {
        return new ExecutionState(r.id(), r.tenant(), r.ruleId(), r.triggerType(), r.triggerData(), status,
                r.priority(), Optional.empty(), Optional.empty(), Optional.empty(), r.actionsTotal(), 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), r.executionContext(), List.of(), now, now, now, 0,
                0, r.parent(), r.chainDepth(), r.idempotencyKey(), r.requestHash());
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
        move(ExecutionStatus.RUNNING, "started", now);
        attempt++;
        if (startedAt.isEmpty()) {
            startedAt = Optional.of(now);
        }
        log(LogLevel.INFO, "Execution started (attempt " + attempt + ")", Optional.empty(), Map.of(), now);
        events.add(new ExecutionEvent.Started(tenant, id, ruleId, now));
    }

    public void actionSucceeded(int index, int order, Map<String, Object> result, int attempts, long tookMs,
                                Instant now) {
        requireRunning("record an action");
        actionsSuccessful++;
        actionResults().put(String.valueOf(order), actionRecord(index, "completed", result, attempts, tookMs, Optional.empty()));
        log(LogLevel.INFO, "Action " + order + " completed", Optional.of(index),
                Map.of("attempts", attempts, "duration_ms", tookMs), now);
    }

    public void actionFailed(int index, int order, String code, String message, int attempts, long tookMs,
                             boolean continuing, Instant now) {
        requireRunning("record an action");
        actionsFailed++;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        actionResults().put(String.valueOf(order), actionRecord(index, "failed", Map.of(), attempts, tookMs, Optional.of(error)));
        if (failedActionIndex.isEmpty()) {
            failedActionIndex = Optional.of(index);
        }
        log(continuing ? LogLevel.WARN : LogLevel.ERROR, "Action " + order + " failed: " + message
                        + (continuing ? " (continue_on_error: carrying on)" : ""), Optional.of(index),
                Map.of("code", code, "attempts", attempts, "duration_ms", tookMs), now);
    }

    public void complete(Instant now) {
        move(ExecutionStatus.COMPLETED, "completed", now);
        finish(now);
        log(LogLevel.INFO, "Execution completed: " + actionsSuccessful + " of " + actionsTotal + " actions succeeded",
                Optional.empty(), Map.of(), now);
        events.add(new ExecutionEvent.Completed(tenant, id, ruleId, now));
    }

    public void fail(String message, Optional<String> stack, Instant now) {
        move(ExecutionStatus.FAILED, "failed", now);
        finish(now);
        errorMessage = Optional.of(message);
        errorStack = stack.map(s -> s.length() > MAX_ERROR_STACK ? s.substring(0, MAX_ERROR_STACK) : s);
        log(LogLevel.ERROR, "Execution failed: " + message, failedActionIndex, Map.of(), now);
        events.add(new ExecutionEvent.Failed(tenant, id, ruleId, now));
    }

    public void timeOut(Duration limit, Instant now) {
        move(ExecutionStatus.TIMEOUT, "timed out", now);
        finish(now);
        errorMessage = Optional.of("Execution exceeded its timeout of " + limit.toMinutes() + " minute(s)");
        log(LogLevel.ERROR, errorMessage.get(), Optional.empty(), Map.of(), now);
        events.add(new ExecutionEvent.TimedOut(tenant, id, ruleId, now));
    }

    public void skip(String reason, Instant now) {
        move(ExecutionStatus.SKIPPED, "skipped", now);
        finish(now);
        log(LogLevel.INFO, "Execution skipped: " + reason, Optional.empty(), Map.of(), now);
        events.add(new ExecutionEvent.Skipped(tenant, id, ruleId, now));
    }

    public void cancel(String reason, Instant now) {
        move(ExecutionStatus.CANCELLED, "cancelled", now);
        finish(now);
        log(LogLevel.WARN, "Execution cancelled: " + reason, Optional.empty(), Map.of(), now);
        events.add(new ExecutionEvent.Cancelled(tenant, id, ruleId, now));
    }

    /**
     * Retries a failed or timed-out execution: back to pending with cleared completion and error
     * counters. The previous attempt's summary is kept in {@code execution_context.previous_attempts}.
     * From {@link RetryFrom#FAILED_ACTION}, results of actions before the failed one are kept and
     * the run resumes at the failed action.
     */
    public void retry(RetryFrom from, Instant availableFrom, Instant now) {
        ExecutionStatus previous = status;
        if (previous != ExecutionStatus.FAILED && previous != ExecutionStatus.TIMEOUT) {
            throw new InvalidTransitionException(previous, ExecutionStatus.PENDING, "retried");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("attempt", retryCount + 1);
        summary.put("status", previous.wire());
        startedAt.ifPresent(s -> summary.put("started_at", s.toString()));
        completedAt.ifPresent(c -> summary.put("completed_at", c.toString()));
        durationMs.ifPresent(d -> summary.put("duration_ms", d));
        summary.put("actions_successful", actionsSuccessful);
        summary.put("actions_failed", actionsFailed);
        errorMessage.ifPresent(m -> summary.put("error_message", m));
        failedActionIndex.ifPresent(i -> summary.put("failed_action_index", i));
        previousAttempts().add(summary);
        while (previousAttempts().size() > MAX_PREVIOUS_ATTEMPTS) {
            previousAttempts().removeFirst();
        }

        Optional<Integer> resumeAt = from == RetryFrom.FAILED_ACTION ? failedActionIndex : Optional.empty();
        Map<String, Object> kept = new LinkedHashMap<>();
        if (resumeAt.isPresent()) {
            int keptSuccesses = 0;
            for (Map.Entry<String, Object> e : actionResults().entrySet()) {
                if (e.getValue() instanceof Map<?, ?> record && "completed".equals(record.get("status"))
                        && isBefore(record, resumeAt.get())) {
                    kept.put(e.getKey(), e.getValue());
                    keptSuccesses++;
                }
            }
            actionsSuccessful = keptSuccesses;
            context.put("resume_from_index", resumeAt.get());
        } else {
            actionsSuccessful = 0;
            context.remove("resume_from_index");
        }
        actionResults().clear();
        actionResults().putAll(kept);

        status = ExecutionStatus.PENDING;
        retryCount++;
        actionsFailed = 0;
        startedAt = Optional.empty();
        completedAt = Optional.empty();
        durationMs = Optional.empty();
        errorMessage = Optional.empty();
        errorStack = Optional.empty();
        failedActionIndex = Optional.empty();
        availableAt = availableFrom;
        updatedAt = now;
        log(LogLevel.INFO, "Execution retried from " + (resumeAt.isPresent()
                ? "action index " + resumeAt.get() : "the start") + " (retry " + retryCount + ")",
                Optional.empty(), Map.of("from", from.wire()), now);
        events.add(new ExecutionEvent.Retried(tenant, id, ruleId, now));
    }

    private static boolean isBefore(Map<?, ?> record, int index) {
        return record.get("index") instanceof Number n && n.intValue() < index;
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

    /** An action's recorded outcome; its 0-based index tells a resumed retry which actions came first. */
    private Map<String, Object> actionRecord(int index, String outcome, Map<String, Object> result, int attempts, long tookMs,
                                             Optional<Map<String, Object>> error) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("index", index);
        record.put("status", outcome);
        record.put("result", result);
        record.put("attempts", attempts);
        record.put("duration_ms", tookMs);
        error.ifPresent(e -> record.put("error", e));
        return record;
    }

    private void move(ExecutionStatus target, String action, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new InvalidTransitionException(status, target, action);
        }
        status = target;
        updatedAt = now;
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> actionResults() {
        return (Map<String, Object>) context.computeIfAbsent("actions", k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private List<Object> previousAttempts() {
        return (List<Object>) context.computeIfAbsent("previous_attempts", k -> new ArrayList<>());
    }

    /** Results recorded so far, keyed by action order ("1", "2"...): the templates' {@code actions} context. */
    public Map<String, Object> actionResultsView() {
        return Map.copyOf(actionResults());
    }

    public Optional<Integer> resumeFromIndex() {
        return context.get("resume_from_index") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
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
                failedActionIndex, deepCopy(context), logs, createdAt, updatedAt, availableAt, attempt, retryCount,
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

    public Map<String, Object> context() {
        return deepCopy(context);
    }

    public void putContext(String key, Object value) {
        context.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, copyValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(item -> copy.add(copyValue(item)));
            return copy;
        }
        return v;
    }
}
