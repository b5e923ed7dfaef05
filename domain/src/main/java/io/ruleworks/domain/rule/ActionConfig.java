package io.ruleworks.domain.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An action's config once rendered and validated, parsed once into the record its runner takes
 * (as {@link TriggerConfig} is for triggers). {@link #parse} is the one place that reads a rendered
 * config's field names; a type not yet typed stays {@link Open}, its runner reading the map.
 */
public sealed interface ActionConfig permits ActionConfig.Open, TicketConfig, ProjectUpdateConfig, TimeEntryConfig,
        InvoiceGenerationConfig, WorkflowExecutionConfig {

    /** The rendered config of a type whose runner reads it as a map. */
    record Open(Map<String, Object> values) implements ActionConfig {
        public Open {
            // open JSON: a null value is a legal member
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

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
            default -> new Open(rendered);
        };
    }
}
