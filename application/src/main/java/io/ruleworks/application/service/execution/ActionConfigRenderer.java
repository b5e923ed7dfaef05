package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.domain.execution.RenderResult;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionConfigPolicy;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.ActionTypeDisabledException;
import io.ruleworks.domain.shared.FieldViolation;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An action's config as its runner gets it: the type must be enabled on this server (a rule stored
 * before it was switched off fails here), the stored config's templates are rendered (with the
 * tenant's secrets only where the type may use them), and the rendered config is validated again,
 * by the type's own rules and by this server's capabilities, then parsed into its type's record
 * ({@link ActionConfig}). Each refusal is the action's failure, not retried.
 */
public final class ActionConfigRenderer {

    private final ActionCapabilities capabilities;
    private final TemplateRenderer renderer;

    public ActionConfigRenderer(ActionCapabilities capabilities, TemplateRenderer renderer) {
        this.capabilities = capabilities;
        this.renderer = renderer;
    }

    /** Throws {@link ActionFailedException} when the type is disabled here. */
    void checkEnabled(ActionSpec action) {
        if (!capabilities.isEnabled(action.type())) {
            throw new ActionFailedException(ActionTypeDisabledException.CODE, "Action type "
                    + action.type().wire() + " is disabled on this server", false);
        }
    }

    /**
     * The {@code index}th action's config rendered against {@code templateContext} (with the
     * secrets) or {@code runnerContext} (without them), and checked; throws
     * {@link ActionFailedException} when it cannot be.
     */
    Map<String, Object> render(ActionSpec action, int index, Map<String, Object> templateContext,
                               Map<String, Object> runnerContext) {
        String path = "actions[" + index + "].config";
        // A config that may not use secrets (custom_script) but does (stored before the check at
        // save existed) fails here, and is rendered without them in any case.
        List<FieldViolation> secretProblems = ActionConfigPolicy.secretProblems(action.type(), action.config(), path);
        if (!secretProblems.isEmpty()) {
            throw new ActionFailedException("INVALID_ACTION_CONFIG", "Config may not use secrets: "
                    + describe(secretProblems), false);
        }
        RenderResult rendered = renderer.render(action.config(),
                ActionConfigPolicy.mayUseSecrets(action.type()) ? templateContext : runnerContext);
        if (!rendered.missingVariables().isEmpty()) {
            throw new ActionFailedException("TEMPLATE_VARIABLE_MISSING", "Template variables not found: "
                    + String.join(", ", rendered.missingVariables()), false);
        }
        List<FieldViolation> problems = new ArrayList<>(ActionConfigPolicy.problems(action.type(), rendered.config(),
                path));
        if (problems.isEmpty()) {
            problems.addAll(capabilities.problems(action.type(), rendered.config(), path));
        }
        if (!problems.isEmpty()) {
            throw new ActionFailedException("INVALID_ACTION_CONFIG", "Config is invalid after rendering: "
                    + describe(problems), false);
        }
        return rendered.config();
    }

    /**
     * The rendered, checked config parsed into its type's record, once per action; throws
     * {@link ActionFailedException} for one that does not parse (the checks above let none through).
     */
    ActionConfig parse(ActionSpec action, Map<String, Object> rendered) {
        try {
            return ActionConfig.parse(action.type(), rendered);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ActionFailedException("INVALID_ACTION_CONFIG", "Config is invalid after rendering: "
                    + e.getMessage(), false);
        }
    }

    private static String describe(List<FieldViolation> problems) {
        return problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
    }
}
