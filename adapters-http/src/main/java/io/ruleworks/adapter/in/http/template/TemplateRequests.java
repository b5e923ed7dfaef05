package io.ruleworks.adapter.in.http.template;

import java.util.List;
import java.util.Map;

/** The bodies of the template operations, bound after validation against the contract's schemas. */
final class TemplateRequests {

    private TemplateRequests() {
    }

    /** CreateAutomationTemplateRequest (extensions: icon, version, compatible_versions, is_featured). */
    record CreateTemplateRequest(String automationRuleId, String templateName, String templateDescription,
                                 String category, List<VariableRequest> templateVariables, String icon,
                                 String version, List<String> compatibleVersions, Boolean isFeatured) {
    }

    /** One of CreateAutomationTemplateRequest.template_variables (extensions: default_value, options, validation). */
    record VariableRequest(String ruleFieldPath, String variableName, String displayName, String description,
                           String type, Boolean required, Object defaultValue, List<Object> options,
                           Map<String, Object> validation) {
    }

    /** UseAutomationTemplateRequest. */
    record UseTemplateRequest(Map<String, Object> variables) {
    }
}
