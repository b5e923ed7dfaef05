package io.ruleworks.domain.execution;

import java.util.EnumSet;
import java.util.Set;

import static io.ruleworks.domain.execution.ExecutionStatus.CANCELLED;
import static io.ruleworks.domain.execution.ExecutionStatus.COMPLETED;
import static io.ruleworks.domain.execution.ExecutionStatus.FAILED;
import static io.ruleworks.domain.execution.ExecutionStatus.PENDING;
import static io.ruleworks.domain.execution.ExecutionStatus.RUNNING;
import static io.ruleworks.domain.execution.ExecutionStatus.SKIPPED;
import static io.ruleworks.domain.execution.ExecutionStatus.TIMEOUT;

/**
 * The one transition table of an execution: every move, the statuses it may start from, the
 * status it leads to and the event it records. {@link AutomationExecution} moves only through it.
 */
public enum ExecutionTransition {
    START("started", RUNNING, EnumSet.of(PENDING), ExecutionEvent.Kind.STARTED),
    COMPLETE("completed", COMPLETED, EnumSet.of(RUNNING), ExecutionEvent.Kind.COMPLETED),
    FAIL("failed", FAILED, EnumSet.of(RUNNING), ExecutionEvent.Kind.FAILED),
    TIME_OUT("timed out", TIMEOUT, EnumSet.of(RUNNING), ExecutionEvent.Kind.TIMED_OUT),
    SKIP("skipped", SKIPPED, EnumSet.of(PENDING, RUNNING), ExecutionEvent.Kind.SKIPPED),
    CANCEL("cancelled", CANCELLED, EnumSet.of(PENDING, RUNNING), ExecutionEvent.Kind.CANCELLED),
    /** A failed or timed-out execution goes back to pending (by a client, or retry_failed_executions). */
    RETRY("retried", PENDING, EnumSet.of(FAILED, TIMEOUT), ExecutionEvent.Kind.RETRIED),
    /**
     * A run that lost its lease, or that a stopping worker gave back, is pending again (ADR 0003).
     * The queue does it on the stored state ({@link ExecutionState#requeued}); no event.
     */
    REQUEUE("requeued", PENDING, EnumSet.of(RUNNING), null);

    private final String verb;
    private final ExecutionStatus target;
    private final Set<ExecutionStatus> from;
    private final ExecutionEvent.Kind event;

    ExecutionTransition(String verb, ExecutionStatus target, Set<ExecutionStatus> from, ExecutionEvent.Kind event) {
        this.verb = verb;
        this.target = target;
        this.from = from;
        this.event = event;
    }

    public boolean allowedFrom(ExecutionStatus status) {
        return from.contains(status);
    }

    public ExecutionStatus target() {
        return target;
    }

    /** The statuses this move may start from. */
    public Set<ExecutionStatus> from() {
        return EnumSet.copyOf(from);
    }

    /** How the refusal of this move reads: "Execution is completed and cannot be {verb}". */
    String verb() {
        return verb;
    }

    /** The event the move records; none for {@link #REQUEUE}. */
    java.util.Optional<ExecutionEvent.Kind> event() {
        return java.util.Optional.ofNullable(event);
    }
}
