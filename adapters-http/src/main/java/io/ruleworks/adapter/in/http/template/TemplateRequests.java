package io.ruleworks.adapter.in.http.template;

import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The bodies of the template operations, bound after validation against the contract's schemas. */
final class TemplateRequests {

    private TemplateRequests() {
    }

    /** CreateAutomationTemplateRequest (extensions: icon, version, compatible_versions, is_featured). */
    @Schema(name = "CreateAutomationTemplateRequest")
    record CreateTemplateRequest(String automationRuleId, String templateName, String templateDescription,
                                 String category, List<VariableRequest> templateVariables,
                                 @Schema(description = "Extension.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) String icon,
                                 @Schema(description = "Extension: semantic version, default 1.0.0.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) String version,
                                 @Schema(description = "Extension: at most 20.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) List<String> compatibleVersions,
                                 @Schema(description = "Extension.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) Boolean isFeatured) {
    }

    /** One of CreateAutomationTemplateRequest.template_variables (extensions: default_value, options, validation). */
    @Schema(name = "AutomationTemplateVariableRequest")
    record VariableRequest(String ruleFieldPath, String variableName, String displayName, String description,
                           String type, Boolean required,
                           @Schema(description = "Extension.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) Object defaultValue,
                           @Schema(description = "Extension: [{label, value}], for select and multiselect.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) List<Object> options,
                           @Schema(description = "Extension: {min, max, pattern}.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) Map<String, Object> validation) {
    }

    /** UseAutomationTemplateRequest. */
    @Schema(name = "UseAutomationTemplateRequest")
    record UseTemplateRequest(Map<String, Object> variables) {
    }
}
