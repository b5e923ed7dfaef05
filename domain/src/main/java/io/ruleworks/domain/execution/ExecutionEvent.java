package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Objects;

/** What happened to an execution; written to the outbox in the same transaction as the change. */
public record ExecutionEvent(Kind kind, TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) {

    /** What happened, with its public event name. */
    public enum Kind {
        CREATED("automation.execution.created"),
        STARTED("automation.execution.started"),
        COMPLETED("automation.execution.completed"),
        FAILED("automation.execution.failed"),
        TIMED_OUT("automation.execution.timeout"),
        CANCELLED("automation.execution.cancelled"),
        SKIPPED("automation.execution.skipped"),
        RETRIED("automation.execution.retried");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    public ExecutionEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The event's public name, e.g. automation.execution.completed. */
    public String type() {
        return kind.type();
    }
}
