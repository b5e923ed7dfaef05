package io.ruleworks.application.port.out.execution;

import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.TenantId;

import java.util.List;
import java.util.Optional;

public interface AutomationExecutionRepository {

    ExecutionStatistics statisticsFor(TenantId tenant, RuleId rule);

    /** Whether the rule has executions that are pending or running. */
    boolean hasInFlightExecutions(TenantId tenant, RuleId rule);

    /**
     * Inserts a new execution and writes its recorded events to the outbox; with
     * {@code countOnRule}, also bumps the rule's execution_count and last_executed. When the
     * execution's idempotency key is already taken for its rule, writes nothing and returns the
     * execution that holds it.
     */
    Optional<ExecutionState> insertUnlessDuplicate(AutomationExecution execution, boolean countOnRule);

    Optional<AutomationExecution> findById(TenantId tenant, ExecutionId id);

    /** As {@link #findById}, locking the row until the surrounding transaction ends. */
    Optional<AutomationExecution> findByIdForUpdate(TenantId tenant, ExecutionId id);

    /**
     * Writes the execution's state and its recorded events. With a {@code leaseHolder}, writes
     * only while that worker still holds the running execution's lease for the execution's
     * attempt (a worker id is one per dispatcher, so the attempt tells a stale run of an earlier
     * claim from the current one); returns false otherwise. Leaving the running state releases the
     * lease. Drains the execution's events.
     */
    default boolean update(AutomationExecution execution, Optional<String> leaseHolder) {
        return update(execution.state(), execution.drainEvents(), leaseHolder);
    }

    /** {@link #update(AutomationExecution, Optional)} of a state and events taken from the aggregate earlier. */
    boolean update(ExecutionState state, List<ExecutionEvent> events, Optional<String> leaseHolder);

    /**
     * Appends entries to an execution's log without touching anything else (its status, lease or
     * counters): for what happens after an execution was saved in its final state, such as the
     * outcome of its notifications.
     */
    void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries);

    Page<ExecutionState> list(TenantId tenant, ExecutionFilter filter, PageRequest page);

    /**
     * As {@link #list(TenantId, ExecutionFilter, PageRequest)}, but the total may stop at
     * {@code max(countCap, offset + limit)} (then {@link Page#totalCapped()}), so that a list over a
     * long history does not count all of it. This default counts exactly, which honours the contract.
     */
    default Page<ExecutionState> list(TenantId tenant, ExecutionFilter filter, PageRequest page, int countCap) {
        return list(tenant, filter, page);
    }

    /** At most {@code limit} executions whose parent is {@code parent}, oldest first. */
    List<ExecutionState> children(TenantId tenant, ExecutionId parent, int limit);
}
