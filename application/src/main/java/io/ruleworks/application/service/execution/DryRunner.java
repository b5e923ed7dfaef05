package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.SecretStore;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ConditionOutcome;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.execution.RenderResult;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.execution.Trigger;
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
    private final SecretStore secrets;

    public DryRunner(ConditionEvaluator evaluator, TemplateRenderer renderer, SecretStore secrets) {
        this.evaluator = evaluator;
        this.renderer = renderer;
        this.secrets = secrets;
    }

    public AutomationExecution dryRun(AutomationRule rule, Trigger request,
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
            ConditionOutcome outcome = ExecutionInputs.evaluate(evaluator, rule, request.data(),
                    request.context());
            trace.addAll(ExecutionInputs.trace(outcome, now));
            holds = outcome.matched();
        }
        AutomationExecution draft = AutomationExecution.triggered(request, now);
        if (holds) {
            Map<String, String> tenantSecrets = secrets.secretsFor(rule.tenant());
            Redactor redactor = Redactor.of(tenantSecrets.values());
            List<ActionSpec> actions = rule.definition().actions();
            for (int i = 0; i < actions.size(); i++) {
                trace.add(renderEntry(rule, draft, actions.get(i), i, tenantSecrets, redactor, now));
            }
        }
        return AutomationExecution.dryRun(request, holds, trace, now);
    }

    private ExecutionLogEntry renderEntry(AutomationRule rule, AutomationExecution draft, ActionSpec action, int index,
                                          Map<String, String> tenantSecrets, Redactor redactor, Instant now) {
        RenderResult rendered = renderer.render(action.config(),
                ExecutionInputs.templateContext(rule, draft, Map.of(), tenantSecrets));
        List<FieldViolation> problems = ActionConfigPolicy.problems(action.type(), rendered.config(),
                "actions[" + index + "].config");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("type", action.type().wire());
        metadata.put("rendered_config", redactor.redactMap(rendered.config()));
        metadata.put("missing_variables", rendered.missingVariables());
        metadata.put("problems", problems.stream()
                .map(p -> Map.of("field", p.field(), "message", redactor.redact(p.message()))).toList());
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
