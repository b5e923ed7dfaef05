package io.ruleworks.domain.execution;

/**
 * Codes of executions the engine ended itself rather than an action's failure; each starts the
 * execution's error_stack as {@code CODE: reason} (docs/reliability.md).
 */
public final class ExecutionFailureCodes {

    /** The database refused to store the execution's state: it ended failed from its last stored state. */
    public static final String RESULT_NOT_STORABLE = "RESULT_NOT_STORABLE";

    /** The queue's rescue gave the execution up: its worker lease expired max-lease-losses times. */
    public static final String EXECUTION_ABANDONED = "EXECUTION_ABANDONED";

    private ExecutionFailureCodes() {
    }
}
