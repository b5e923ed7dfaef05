package io.ruleworks.application.port.out.queue;

import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
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
     * Stores an execution's state and the events drained with it ({@link AutomationExecution#state()},
     * {@link AutomationExecution#drainEvents()}) if {@code leaseHolder} still holds its lease (for
     * the state's attempt); false (nothing written) when the lease was lost — cancelled or
     * rescued. The same state and events may be handed again after a failure: a save either
     * commits whole or not at all. An implementation that hands the save to a writer waits for
     * the answer through interrupts and keeps the interrupt for the caller; one that writes on the
     * caller's thread (the plain transactional one) may have the write aborted by an interrupt,
     * which then fails like a database error, rolled back.
     *
     * @throws io.ruleworks.application.port.NotStorableException the database refused a value of
     *         this state (a data exception or a program limit), which saving it again will not change
     * @throws io.ruleworks.application.port.DependencyUnavailableException the database could not
     *         be reached: nothing was written, the same save may succeed later
     * @throws RuntimeException any other failure (a serialization failure or deadlock, a lock or
     *         statement timeout, a writer that is stopping): nothing was written, the same save may
     *         succeed later
     */
    boolean save(ExecutionState state, List<ExecutionEvent> events, String leaseHolder);

    /** {@link #save(ExecutionState, List, String)} of the execution's state, draining its events. */
    default boolean save(AutomationExecution execution, String leaseHolder) {
        return save(execution.state(), execution.drainEvents(), leaseHolder);
    }

    void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries);
}
