package io.ruleworks.application.port.out;

import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.shared.TenantId;

import java.util.List;

/**
 * A worker's writes to an execution it runs: its progress and final state, and the notification
 * outcomes appended after it ended. Each call is a replayable transaction of its own
 * ({@link Transactions#inReplayableTransaction}) committed before it returns, as
 * {@link AutomationExecutionRepository#update} and {@link AutomationExecutionRepository#appendLogs}
 * inside one; an implementation may commit a save together with other workers' saves (one
 * statement and one commit for many). Never call it inside a transaction.
 */
public interface ExecutionProgress {

    /**
     * Stores the execution's state and its drained events if {@code leaseHolder} still holds its
     * lease (for the execution's attempt); false (nothing written) when the lease was lost —
     * cancelled or rescued. An implementation that hands the save to a writer waits for the answer
     * through interrupts and keeps the interrupt for the caller; one that writes on the caller's
     * thread (the plain transactional one) may have the write aborted by an interrupt, which then
     * fails like a database error, rolled back.
     */
    boolean save(AutomationExecution execution, String leaseHolder);

    void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries);
}
