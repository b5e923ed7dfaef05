package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;

public interface CancelExecutionUseCase {

    /** Cancels a pending or running execution; a running one is interrupted by its worker. */
    ExecutionState cancel(Caller caller, ExecutionId id);
}
