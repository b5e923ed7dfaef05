package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;

/** What happened to an execution; written to the outbox in the same transaction as the change. */
public sealed interface ExecutionEvent {

    TenantId tenant();

    ExecutionId executionId();

    RuleId ruleId();

    Instant occurredAt();

    /** The event's public name, e.g. automation.execution.completed. */
    String type();

    record Created(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.created";
        }
    }

    record Started(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.started";
        }
    }

    record Completed(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.completed";
        }
    }

    record Failed(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.failed";
        }
    }

    record TimedOut(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.timeout";
        }
    }

    record Cancelled(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.cancelled";
        }
    }

    record Skipped(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.skipped";
        }
    }

    record Retried(TenantId tenant, ExecutionId executionId, RuleId ruleId, Instant occurredAt) implements ExecutionEvent {
        public String type() {
            return "automation.execution.retried";
        }
    }
}
