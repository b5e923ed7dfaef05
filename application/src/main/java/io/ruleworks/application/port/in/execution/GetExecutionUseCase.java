package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;

public interface GetExecutionUseCase {

    ExecutionState get(Caller caller, ExecutionId id);
}
