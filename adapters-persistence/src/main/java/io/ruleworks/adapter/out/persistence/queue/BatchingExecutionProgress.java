package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.micronaut.context.annotation.Value;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository.LeasedSave;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.shared.TenantId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Workers' saves by group commit ({@link GroupCommit}): the progress and final states that
 * workers save at the same moment are written by one statement ({@link PostgresExecutionRepository#updateAll},
 * each row under its own lease check) in one replayable transaction; each worker returns after the
 * commit, told whether its save was written. A bad save fails alone.
 */
@Singleton
class BatchingExecutionProgress implements ExecutionProgress {

    private final PostgresExecutionRepository executions;
    private final Transactions transactions;
    private final GroupCommit<LeasedSave, Boolean> group;

    BatchingExecutionProgress(PostgresExecutionRepository executions, Transactions transactions,
                                     @Value("${ruleworks.queue.max-save-group:64}") int maxGroup) {
        this.executions = executions;
        this.transactions = transactions;
        this.group = new GroupCommit<>("execution-progress", maxGroup,
                batch -> transactions.inReplayableTransaction(() -> executions.updateAll(batch)),
                one -> transactions.inReplayableTransaction(() -> executions.update(one)));
    }

    @Override
    public boolean save(ExecutionState state, List<ExecutionEvent> events, String leaseHolder) {
        return group.submit(new LeasedSave(state, events, leaseHolder));
    }

    @Override
    public void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries) {
        transactions.runReplayable(() -> executions.appendLogs(tenant, id, entries));
    }

    /** How many groups (transactions) the writer has written: fewer than the saves under load. */
    long groupsWritten() {
        return group.groupsWritten();
    }

    /** How many saves wait for the writer. */
    int queued() {
        return group.queued();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        group.stop();
    }
}
