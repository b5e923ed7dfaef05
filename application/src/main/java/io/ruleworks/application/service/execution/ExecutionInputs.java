package io.ruleworks.application.service.execution;

import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ConditionOutcome;
import io.ruleworks.domain.execution.ConditionTrace;
import io.ruleworks.domain.execution.ExecutionContext;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.rule.AutomationRule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What conditions and templates see of an execution. Conditions resolve field paths against the
 * trigger data; {@code trigger.<path>} and {@code execution.<path>} (the execution context) work
 * too. Templates see {@code trigger}, {@code actions} (results by order), {@code execution},
 * {@code rule} and {@code secret} (the tenant's configured secrets, masked wherever recorded).
 */
final class ExecutionInputs {

    private ExecutionInputs() {
    }

    static Map<String, Object> conditionData(Map<String, Object> triggerData, Map<String, Object> context) {
        Map<String, Object> data = new LinkedHashMap<>(triggerData);
        data.putIfAbsent("trigger", triggerData);
        data.putIfAbsent("execution", context);
        return data;
    }

    static Map<String, Object> templateContext(AutomationRule rule, AutomationExecution execution,
                                               Map<String, Object> actionResults, Map<String, String> secrets) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("trigger", execution.triggerData());
        context.put("actions", actionResults);
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("id", execution.id().toString());
        self.put("rule_id", execution.ruleId().toString());
        self.put("tenant", execution.tenant().toString());
        self.put("context", execution.context().toJson());
        context.put("execution", self);
        context.put("rule", Map.of("id", rule.id().toString(), "name", rule.definition().name()));
        context.put("secret", secrets);
        return context;
    }

    static ConditionOutcome evaluate(ConditionEvaluator evaluator, AutomationRule rule,
                                     Map<String, Object> triggerData, ExecutionContext context) {
        return evaluator.evaluate(rule.definition().conditions(), rule.definition().conditionLogic(),
                conditionData(triggerData, context.toJson()));
    }

    /** One log entry per evaluated condition: field, operator, expected, actual, result. */
    static List<ExecutionLogEntry> trace(ConditionOutcome outcome, Instant now) {
        return outcome.traces().stream().map(t -> traceEntry(t, now)).toList();
    }

    static final int MAX_TRACE_VALUE = 500;

    /** Keeps a traced value readable in the log: long text is cut, large structures are summarised. */
    static Object bounded(Object value) {
        if (value instanceof String s && s.length() > MAX_TRACE_VALUE) {
            return s.substring(0, MAX_TRACE_VALUE) + "… (" + s.length() + " characters)";
        }
        if ((value instanceof Map<?, ?> || value instanceof List<?>) && String.valueOf(value).length() > MAX_TRACE_VALUE) {
            return value instanceof Map<?, ?> m ? "{object with " + m.size() + " keys}"
                    : "[array of " + ((List<?>) value).size() + " items]";
        }
        return value;
    }

    private static ExecutionLogEntry traceEntry(ConditionTrace t, Instant now) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("field", t.field());
        metadata.put("operator", t.operator());
        metadata.put("expected", bounded(t.expected().orElse(null)));
        metadata.put("actual", bounded(t.actual().orElse(null)));
        metadata.put("result", t.result());
        t.note().ifPresent(n -> metadata.put("note", n));
        return new ExecutionLogEntry(now, LogLevel.DEBUG, "Condition " + t.field() + " " + t.operator() + ": "
                + (t.result() ? "holds" : "does not hold") + t.note().map(n -> " (" + n + ")").orElse(""),
                Optional.empty(), metadata);
    }
}
