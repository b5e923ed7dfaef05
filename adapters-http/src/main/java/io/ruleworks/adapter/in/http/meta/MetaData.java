package io.ruleworks.adapter.in.http.meta;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** AutomationMetaResponse.data: the contract's six lists, then Ruleworks' extensions. */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "AutomationMetaData")
public record MetaData(
        List<String> triggerTypes, List<String> actionTypes, List<String> ruleStatuses,
        List<String> executionStatuses, List<String> priorityLevels, List<String> conditionOperators,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> conditionLogicOperators,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> dataTypes,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> scheduleTypes,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> misfirePolicies,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> httpMethods,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> authenticationTypes,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> logLevels,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> retryFrom,
        @Schema(extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        List<String> templateVariableTypes,
        @Schema(description = "JSON Schema 2020-12 of trigger_config by trigger type, generated from the parser that validates it.",
                extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        Map<String, Object> triggerConfigSchemas,
        @Schema(description = "JSON Schema 2020-12 of an action's config by action type, generated from the policy that validates it.",
                extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
        Map<String, Object> actionConfigSchemas) {

    @SuppressWarnings("unchecked")
    static MetaData of(Map<String, Object> catalog) {
        return new MetaData(list(catalog, "trigger_types"), list(catalog, "action_types"), list(catalog, "rule_statuses"),
                list(catalog, "execution_statuses"), list(catalog, "priority_levels"), list(catalog, "condition_operators"),
                list(catalog, "condition_logic_operators"), list(catalog, "data_types"), list(catalog, "schedule_types"),
                list(catalog, "misfire_policies"), list(catalog, "http_methods"), list(catalog, "authentication_types"),
                list(catalog, "log_levels"), list(catalog, "retry_from"), list(catalog, "template_variable_types"),
                (Map<String, Object>) catalog.get("trigger_config_schemas"),
                (Map<String, Object>) catalog.get("action_config_schemas"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> catalog, String key) {
        return (List<String>) catalog.get(key);
    }
}
