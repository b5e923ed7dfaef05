package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.shared.TenantId;

import java.util.List;
import java.util.Optional;

/** One replayable transaction per write: the worker's writes for deployments and tests without a batching adapter. */
final class TransactionalExecutionProgress implements ExecutionProgress {

    private final AutomationExecutionRepository executions;
    private final Transactions transactions;

    public TransactionalExecutionProgress(AutomationExecutionRepository executions, Transactions transactions) {
        this.executions = executions;
        this.transactions = transactions;
    }

    @Override
    public boolean save(ExecutionState state, List<ExecutionEvent> events, String leaseHolder) {
        return transactions.inReplayableTransaction(() -> executions.update(state, events, Optional.of(leaseHolder)));
    }

    @Override
    public void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries) {
        transactions.runReplayable(() -> executions.appendLogs(tenant, id, entries));
    }
}
