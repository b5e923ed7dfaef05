package io.ruleworks.application.port.out.queue;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.shared.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The queue's storage side. Claiming moves due pending executions to running for one worker,
 * in priority order (critical first, then oldest), never beyond a rule's
 * max_concurrent_executions, each held under a lease that the worker must renew.
 */
public interface ExecutionClaims {

    /**
     * A claimed execution. {@code snapshot} is its state as the claim left it and
     * {@code ruleVersion} its rule's updated_at at claim time, when the claim returned them, so
     * that the worker need not read the execution again and can trust a cached rule of that
     * version.
     */
    record Claim(TenantId tenant, ExecutionId id, String worker, Optional<ExecutionState> snapshot,
                 Optional<Instant> ruleVersion) {

        public Claim(TenantId tenant, ExecutionId id, String worker) {
            this(tenant, id, worker, Optional.empty(), Optional.empty());
        }
    }

    List<Claim> claim(String worker, int max, Duration lease);

    /** Extends the lease; false when the worker no longer holds it (cancelled, rescued, finished). */
    boolean heartbeat(Claim claim, Duration lease);

    /**
     * Running executions whose lease expired go back to pending, each such loss counted; an
     * execution whose count reaches {@code maxLeaseLosses} is failed instead (EXECUTION_ABANDONED,
     * the poison-execution guard). Only leases that expired more than {@code expiredFor} ago are
     * rescued (zero: every expired lease), so that after an outage live workers can renew theirs
     * first. Returns how many were rescued or failed.
     */
    int rescueExpiredLeases(int maxLeaseLosses, Duration expiredFor);

    /**
     * A graceful stop: returns an execution this worker still holds (same lease owner and attempt
     * as {@code claim}) to pending, without counting a lost lease, so that another worker runs it
     * again at once. False when the worker no longer held it (it ended, was cancelled or rescued).
     */
    boolean release(Claim claim);
}
