package io.ruleworks.adapter.in.http.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateVariable;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract's AutomationTemplate. Extensions: created_at, updated_at, and rule_field_path on
 * each variable (the rule field it fills).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "AutomationTemplate")
public record AutomationTemplateDto(UUID templateId, String name, String description, String category, String icon,
                                    Map<String, Object> templateConfig, String version, String author,
                                    List<String> compatibleVersions, List<String> requiredPermissions,
                                    long usageCount, Instant lastUsed, List<Map<String, Object>> templateVariables,
                                    boolean isActive, boolean isFeatured, UUID tenant,
                                    @Schema(description = "Extension.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) Instant createdAt,
                                    @Schema(description = "Extension.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) Instant updatedAt, @JsonProperty("_links") Map<String, Object> links) {

    static AutomationTemplateDto of(AutomationTemplate t, Map<String, Object> links) {
        return new AutomationTemplateDto(t.id().value(), t.name(), t.description().orElse(null), t.category(),
                t.icon().orElse(null), t.config(), t.version(), t.author().orElse(null), t.compatibleVersions(),
                t.requiredPermissions(), t.usageCount(), t.lastUsed().orElse(null),
                t.variables().stream().map(TemplateVariable::toMap).toList(), t.isActive(), t.isFeatured(),
                t.tenant().value(), t.createdAt(), t.updatedAt(), links);
    }
}
