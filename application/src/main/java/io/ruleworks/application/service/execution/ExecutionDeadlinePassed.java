package io.ruleworks.application.service.execution;

/** Thrown inside a run when the execution's own deadline passes: the execution ends as timed out. */
final class ExecutionDeadlinePassed extends Exception {

    ExecutionDeadlinePassed() {
        super(null, null, false, false);
    }
}
