package io.ruleworks.domain.rule;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * workflow_execution: the rule to start as a child, the trigger data to give it (the parent's
 * when absent) and whether to wait for the child's end.
 */
public record WorkflowExecutionConfig(RuleId ruleId, Optional<Map<String, Object>> executionData,
                                      boolean waitForCompletion) implements ActionConfig {

    public WorkflowExecutionConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(executionData, "executionData");
    }

    /** Parses a rendered config; also what a caller holding only the map uses. */
    public static WorkflowExecutionConfig of(Map<String, Object> rendered) {
        return of(new RenderedConfig(rendered));
    }

    static WorkflowExecutionConfig of(RenderedConfig config) {
        return new WorkflowExecutionConfig(new RuleId(UUID.fromString(String.valueOf(config.get("rule_id")))),
                config.object("execution_data"), config.flag("wait_for_completion"));
    }
}
