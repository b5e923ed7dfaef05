package io.ruleworks.domain.rule;

import java.util.Map;

/**
 * An action's config once rendered and validated, parsed once into the record its runner takes
 * (as {@link TriggerConfig} is for triggers). {@link #parse} is the one place that reads a rendered
 * config's field names (each record's {@code of}); every type has its record.
 */
public sealed interface ActionConfig permits EmailNotificationConfig, SmsNotificationConfig, WebhookCallConfig,
        DatabaseUpdateConfig, TicketConfig, ProjectUpdateConfig, TimeEntryConfig, InvoiceGenerationConfig,
        CustomScriptConfig, WorkflowExecutionConfig, SystemCommandConfig {

    /**
     * The record of {@code type} from its rendered config, which passed
     * {@link ActionConfigPolicy#problems}; throws {@link IllegalArgumentException} (or a
     * {@link java.time.DateTimeException}) for a config that did not.
     */
    static ActionConfig parse(ActionType type, Map<String, Object> rendered) {
        return switch (type) {
            case TICKET_CREATION, TICKET_UPDATE -> TicketConfig.of(type, new RenderedConfig(rendered));
            case PROJECT_UPDATE -> PsaActionConfigs.projectUpdate(new RenderedConfig(rendered));
            case TIME_ENTRY_CREATION -> PsaActionConfigs.timeEntry(new RenderedConfig(rendered));
            case INVOICE_GENERATION -> PsaActionConfigs.invoiceGeneration(new RenderedConfig(rendered));
            case WORKFLOW_EXECUTION -> WorkflowExecutionConfig.of(new RenderedConfig(rendered));
            case EMAIL_NOTIFICATION -> EmailNotificationConfig.of(new RenderedConfig(rendered));
            case SMS_NOTIFICATION -> SmsNotificationConfig.of(new RenderedConfig(rendered));
            case WEBHOOK_CALL -> WebhookCallConfig.of(new RenderedConfig(rendered));
            case DATABASE_UPDATE -> DatabaseUpdateConfig.of(new RenderedConfig(rendered));
            case CUSTOM_SCRIPT -> CustomScriptConfig.of(new RenderedConfig(rendered));
            case SYSTEM_COMMAND -> SystemCommandConfig.of(new RenderedConfig(rendered));
        };
    }
}
