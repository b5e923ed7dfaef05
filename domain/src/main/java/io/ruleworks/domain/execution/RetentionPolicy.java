package io.ruleworks.domain.execution;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How long finished executions are kept (issue 18, docs/operations.md "Execution retention").
 * Completed, skipped and cancelled executions are kept for {@code retention}; failed and timed-out
 * ones, which operators look into later, for {@code failedRetention}. A rule's own
 * {@code execution_retention_days} replaces both for that rule's executions. {@code maxPerRule}, when
 * set, also keeps at most that many finished executions of each rule (the newest). Pending and
 * running executions are never purged, whatever their age.
 */
public record RetentionPolicy(Duration retention, Duration failedRetention, OptionalInt maxPerRule) {

    public RetentionPolicy {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(failedRetention, "failedRetention");
        Objects.requireNonNull(maxPerRule, "maxPerRule");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("ruleworks.executions.retention must be positive");
        }
        if (failedRetention.isNegative() || failedRetention.isZero()) {
            throw new IllegalArgumentException("ruleworks.executions.retention-failed must be positive");
        }
        if (maxPerRule.isPresent() && maxPerRule.getAsInt() < 1) {
            throw new IllegalArgumentException("ruleworks.executions.max-per-rule must be at least 1 (or unset)");
        }
    }

    /** How long a finished execution of this status is kept when its rule sets no retention of its own. */
    public Duration retentionOf(ExecutionStatus status) {
        return switch (status) {
            case FAILED, TIMEOUT -> failedRetention;
            case COMPLETED, SKIPPED, CANCELLED -> retention;
            case PENDING, RUNNING -> throw new IllegalArgumentException(status + " executions are never purged");
        };
    }
}
