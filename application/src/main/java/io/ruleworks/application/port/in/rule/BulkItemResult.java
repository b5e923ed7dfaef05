package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one rule of a bulk operation: done (with the execution it started, for a bulk
 * execution) or refused with the error code and message a single request would have received.
 */
public record BulkItemResult(RuleId ruleId, Optional<ExecutionId> executionId, Optional<Failure> failure) {

    public record Failure(String code, String message) {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public BulkItemResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(failure, "failure");
    }

    public static BulkItemResult done(RuleId ruleId) {
        return new BulkItemResult(ruleId, Optional.empty(), Optional.empty());
    }

    public static BulkItemResult started(RuleId ruleId, ExecutionId executionId) {
        return new BulkItemResult(ruleId, Optional.of(executionId), Optional.empty());
    }

    public static BulkItemResult failed(RuleId ruleId, String code, String message) {
        return new BulkItemResult(ruleId, Optional.empty(), Optional.of(new Failure(code, message)));
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
