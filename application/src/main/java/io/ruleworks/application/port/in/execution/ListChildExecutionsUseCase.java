package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;

import java.util.List;

/** An execution's children: the executions its workflow actions started, oldest first. */
public interface ListChildExecutionsUseCase {

    int MAX_LIMIT = 100;

    /** At most {@code limit} (1 to {@link #MAX_LIMIT}) children of {@code parent} in the caller's tenant. */
    List<ExecutionState> children(Caller caller, ExecutionId parent, int limit);
}
