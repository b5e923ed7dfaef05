package io.ruleworks.application.port.out.queue;

import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;

import java.util.Optional;

/**
 * Stores a new execution in a transaction of its own, committed before this returns — as
 * {@link AutomationExecutionRepository#insertUnlessDuplicate} inside {@link Transactions#inTransaction},
 * but an implementation may commit it together with executions submitted at the same moment
 * (one statement batch and one commit for many requests). Never call it inside a transaction.
 */
public interface ExecutionIntake {

    /** Empty when stored; the execution holding the idempotency key when it was already taken. */
    Optional<ExecutionState> insert(AutomationExecution execution, boolean countOnRule);
}
