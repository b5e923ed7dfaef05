package io.ruleworks.application.port.in.template;

import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.shared.UnknownFieldPolicy;
import io.ruleworks.domain.template.TemplateId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

public interface UseTemplateUseCase {

    /**
     * Creates a rule from the template with {@code variables} substituted, validated exactly like
     * a rule created directly, and counts the use — both or neither.
     */
    RuleDetails use(UseTemplateCommand command);

    /** {@code unknownVariables} decides about values for names the template does not declare. */
    record UseTemplateCommand(Caller caller, TemplateId template, Map<String, Object> variables,
                              UnknownFieldPolicy unknownVariables) {
        public UseTemplateCommand {
            // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            java.util.Objects.requireNonNull(unknownVariables, "unknownVariables");
        }

        /** Values for undeclared names are refused. */
        public UseTemplateCommand(Caller caller, TemplateId template, Map<String, Object> variables) {
            this(caller, template, variables, UnknownFieldPolicy.REFUSE);
        }
    }
}
