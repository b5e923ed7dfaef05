package io.ruleworks.adapter.in.console.view;

import io.ruleworks.domain.execution.ActionResult;
import io.ruleworks.domain.execution.ActionResults;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.RuleDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An execution read as a timeline: how each condition was decided, what each action did (attempts,
 * duration, result or error, its log lines), and for a dry run the rendered action configs.
 */
public record ExecutionView(ExecutionState state, Optional<String> ruleName, List<ConditionRow> conditions,
                            List<ActionRow> actions, List<ExecutionLogEntry> logs) {

    /** One condition's trace: field, operator, expected and actual value, and the result. */
    public record ConditionRow(String field, String operator, String expected, String actual, boolean result,
                               String note) {
    }

    /** One action: what the rule says, and what happened to it in this execution. */
    public record ActionRow(int index, int order, String type, String status, String attempts, String duration,
                            Optional<String> result, Optional<String> errorCode, Optional<String> errorMessage,
                            Optional<String> renderedConfig, List<ExecutionLogEntry> logs) {

        public boolean failed() {
            return "failed".equals(status);
        }
    }

    public static ExecutionView of(ExecutionState state, Optional<RuleDefinition> rule) {
        List<ConditionRow> conditions = new ArrayList<>();
        // the conditions as the latest attempt evaluated them (each attempt logs its own trace)
        int latestStart = 0;
        for (int i = 0; i < state.logs().size(); i++) {
            if (state.logs().get(i).message().startsWith("Execution started (attempt ")) {
                latestStart = i;
            }
        }
        for (ExecutionLogEntry entry : state.logs().subList(latestStart, state.logs().size())) {
            Map<String, Object> m = entry.metadata();
            if (entry.actionIndex().isEmpty() && m.containsKey("field") && m.containsKey("operator")
                    && m.get("result") instanceof Boolean result) {
                conditions.add(new ConditionRow(String.valueOf(m.get("field")), String.valueOf(m.get("operator")),
                        Fmt.value(m.get("expected")), Fmt.value(m.get("actual")), result,
                        m.get("note") == null ? "" : String.valueOf(m.get("note"))));
            }
        }
        ActionResults results = state.executionContext().actionResults();
        List<ActionSpec> specs = rule.map(RuleDefinition::actions).orElse(List.of());
        int count = Math.max(specs.size(), state.actionsTotal());
        List<ActionRow> actions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Optional<ActionSpec> spec = i < specs.size() ? Optional.of(specs.get(i)) : Optional.empty();
            int order = spec.map(ActionSpec::order).orElse(i + 1);
            Optional<ActionResult> record = results.of(order);
            List<ExecutionLogEntry> lines = state.logs().stream()
                    .filter(e -> e.actionIndex().map(a -> a == index).orElse(false)).toList();
            Optional<String> rendered = lines.stream().map(e -> e.metadata().get("rendered_config"))
                    .filter(java.util.Objects::nonNull).findFirst().map(Fmt::json);
            Optional<ActionResult.ActionError> error = record.flatMap(ActionResult::error);
            String status = record.map(r -> r.outcome().wire())
                    .orElse(rendered.isPresent() ? "dry run" : pendingStatus(state, index));
            actions.add(new ActionRow(index, order, spec.map(a -> a.type().wire()).orElse("?"), status,
                    record.map(r -> String.valueOf(r.attempts())).orElse("—"),
                    record.map(r -> Fmt.millis(r.durationMs())).orElse("—"),
                    record.map(ActionResult::result).filter(res -> !res.isEmpty()).map(Fmt::json),
                    error.map(ActionResult.ActionError::code), error.map(ActionResult.ActionError::message),
                    rendered, lines));
        }
        return new ExecutionView(state, rule.map(RuleDefinition::name), conditions, actions, state.logs());
    }

    private static String pendingStatus(ExecutionState state, int index) {
        if (state.status() == ExecutionStatus.RUNNING) {
            return "waiting";
        }
        return state.status() == ExecutionStatus.PENDING ? "not started" : "not run";
    }

    public boolean retryable() {
        return state.status().isRetryable();
    }

    public boolean cancellable() {
        return state.status().isInFlight();
    }

    public boolean live() {
        return state.status().isInFlight();
    }

    public boolean dryRun() {
        return actions.stream().anyMatch(a -> a.renderedConfig().isPresent());
    }
}
