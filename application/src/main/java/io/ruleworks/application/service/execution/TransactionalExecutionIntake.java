package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionIntake;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;

import java.util.Optional;

/** One transaction per execution: the intake for deployments and tests without a batching adapter. */
final class TransactionalExecutionIntake implements ExecutionIntake {

    private final AutomationExecutionRepository executions;
    private final Transactions transactions;

    public TransactionalExecutionIntake(AutomationExecutionRepository executions, Transactions transactions) {
        this.executions = executions;
        this.transactions = transactions;
    }

    @Override
    public Optional<ExecutionState> insert(AutomationExecution execution, boolean countOnRule) {
        return transactions.inTransaction(() -> executions.insertUnlessDuplicate(execution, countOnRule));
    }
}
