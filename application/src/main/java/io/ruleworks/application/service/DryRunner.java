package io.ruleworks.application.service;

import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ConditionOutcome;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.RenderResult;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.rule.ActionConfigPolicy;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.FieldViolation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dry run: evaluates the conditions against the execution data with a trace per condition,
 * renders and validates every action's config with the real templating, and performs nothing.
 */
public final class DryRunner {

    private final ConditionEvaluator evaluator;
    private final TemplateRenderer renderer;

    public DryRunner(ConditionEvaluator evaluator, TemplateRenderer renderer) {
        this.evaluator = evaluator;
        this.renderer = renderer;
    }

    public AutomationExecution dryRun(AutomationRule rule, AutomationExecution.Request request,
                                      boolean overrideConditions, Instant now) {
        List<ExecutionLogEntry> trace = new ArrayList<>();
        if (!rule.isActive()) {
            trace.add(new ExecutionLogEntry(now, LogLevel.WARN, "Rule is " + rule.definition().status().wire()
                    + ": a real execution would be refused unless override_conditions=true", Optional.empty(), Map.of()));
        }
        boolean holds;
        if (overrideConditions) {
            holds = true;
            trace.add(new ExecutionLogEntry(now, LogLevel.WARN, "override_conditions=true: conditions not evaluated",
                    Optional.empty(), Map.of()));
        } else {
            ConditionOutcome outcome = ExecutionInputs.evaluate(evaluator, rule, request.triggerData(),
                    request.executionContext());
            trace.addAll(ExecutionInputs.trace(outcome, now));
            holds = outcome.matched();
        }
        AutomationExecution draft = AutomationExecution.pending(request, now);
        if (holds) {
            List<ActionSpec> actions = rule.definition().actions();
            for (int i = 0; i < actions.size(); i++) {
                trace.add(renderEntry(rule, draft, actions.get(i), i, now));
            }
        }
        return AutomationExecution.dryRun(request, holds, trace, now);
    }

    private ExecutionLogEntry renderEntry(AutomationRule rule, AutomationExecution draft, ActionSpec action, int index,
                                          Instant now) {
        RenderResult rendered = renderer.render(action.config(),
                ExecutionInputs.templateContext(rule, draft, Map.of()));
        List<FieldViolation> problems = ActionConfigPolicy.problems(action.type(), rendered.config(),
                "actions[" + index + "].config");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("type", action.type().wire());
        metadata.put("rendered_config", rendered.config());
        metadata.put("missing_variables", rendered.missingVariables());
        metadata.put("problems", problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        boolean needsEarlierResults = !rendered.missingVariables().isEmpty()
                && rendered.missingVariables().stream().allMatch(v -> v.startsWith("actions."));
        boolean valid = problems.isEmpty() && rendered.missingVariables().isEmpty();
        String verdict = valid ? "would run"
                : needsEarlierResults ? "would run; its config uses results of earlier actions and is checked at run time"
                : "would fail: config is invalid after rendering";
        return new ExecutionLogEntry(now, valid || needsEarlierResults ? LogLevel.INFO : LogLevel.WARN,
                "Action " + action.order() + " (" + action.type().wire() + ") " + verdict, Optional.of(index), metadata);
    }
}
