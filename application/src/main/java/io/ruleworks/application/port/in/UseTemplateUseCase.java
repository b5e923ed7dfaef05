package io.ruleworks.application.port.in;

import io.ruleworks.domain.access.Caller;
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

    record UseTemplateCommand(Caller caller, TemplateId template, Map<String, Object> variables) {
        public UseTemplateCommand {
            // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }
}
