package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/** An execution was asked to move to a status its current status does not allow. */
public final class InvalidTransitionException extends DomainException {

    public static final String CODE = "INVALID_EXECUTION_STATUS";

    public InvalidTransitionException(ExecutionStatus from, ExecutionStatus to, String action) {
        super(CODE, "Execution is " + from.wire() + " and cannot be " + action,
                Map.of("current_status", from.wire(), "requested_status", to.wire()));
    }
}
