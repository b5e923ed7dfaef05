package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.micronaut.context.annotation.Value;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository.NewExecution;
import io.ruleworks.application.port.out.queue.ExecutionIntake;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * New executions by group commit ({@link GroupCommit}): concurrent requests' executions are stored
 * in one transaction ({@link PostgresExecutionRepository#insertAll}: four round trips and one
 * commit for the whole group); each request still returns only after its row is committed, and a
 * bad execution fails alone.
 */
@Singleton
class BatchingExecutionIntake implements ExecutionIntake {

    private final GroupCommit<NewExecution, Optional<ExecutionState>> group;

    BatchingExecutionIntake(PostgresExecutionRepository executions, Transactions transactions,
                                   @Value("${ruleworks.intake.max-group:64}") int maxGroup) {
        this.group = new GroupCommit<>("execution-intake", maxGroup,
                batch -> transactions.inTransaction(() -> executions.insertAll(batch)),
                one -> transactions.inTransaction(() -> executions.insert(one)));
    }

    @Override
    public Optional<ExecutionState> insert(AutomationExecution execution, boolean countOnRule) {
        return group.submit(NewExecution.of(execution, countOnRule));
    }

    /** How many groups (transactions) the writer has written: fewer than the executions under load. */
    long groupsWritten() {
        return group.groupsWritten();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        group.stop();
    }
}
