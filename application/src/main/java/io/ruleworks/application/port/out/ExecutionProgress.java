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
     * lease; false (nothing written) when the lease was lost — cancelled or rescued. Returns only
     * once that is known: an interrupt while it waits is kept for the caller, not thrown.
     */
    boolean save(AutomationExecution execution, String leaseHolder);

    void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries);
}
