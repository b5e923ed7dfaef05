package io.ruleworks.application.port.out.execution;

import io.ruleworks.domain.execution.RetentionPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The finished executions kept as history, and their purge. Each method runs in the caller's
 * transaction; a purge transaction deletes without taking anything out of the execution statistics
 * (a purged execution keeps counting there).
 */
public interface ExecutionHistory {

    /**
     * Takes the purge turn for the caller's transaction: false when another purger holds it (then
     * nothing may be purged in this transaction).
     */
    boolean takePurgeTurn();

    /**
     * Deletes up to {@code limit} finished executions of all tenants past their retention line at
     * {@code now} (their rule's execution_retention_days, else the policy's retention of their
     * status), oldest first, except executions that are the parent of a pending or running
     * execution or the child of one. Rows another transaction holds (a retry in progress) are
     * skipped. With an archive, the deleted executions are appended to it before the caller's
     * transaction ends. Returns how many were deleted.
     */
    int purgeByAge(RetentionPolicy policy, Instant now, int limit, Optional<ExecutionArchive> archive);

    /**
     * Deletes up to {@code limit} finished executions beyond the newest {@code maxPerRule} of their
     * rule, with the same exceptions as {@link #purgeByAge}. Returns how many were deleted.
     */
    int purgeByCount(int maxPerRule, int limit, Optional<ExecutionArchive> archive);

    /**
     * How far the oldest finished execution still past its retention line lies behind it
     * (zero when none is).
     */
    Duration lag(RetentionPolicy policy, Instant now);
}
