package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.RetryFrom;

import java.util.Optional;

public interface RetryExecutionUseCase {

    /** Requeues a failed or timed-out execution; any other status is refused with its current status. */
    ExecutionState retry(Caller caller, ExecutionId id, RetryFrom from, Optional<String> idempotencyKey);
}
