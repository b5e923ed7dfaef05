package io.ruleworks.domain.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * ticket_creation and ticket_update: the operation (the type only sets its default), the direct
 * fields and the free ticket_data, whose keys are the PSA's ticket request fields. What a create or
 * a change sends is read here ({@link #title()}, {@link #changes()}...), so the PSA's field names
 * are known in this package (with their checks in {@code PsaActionConfigs}) and in the gateway.
 */
public record TicketConfig(Operation operation, Optional<UUID> ticketId, Optional<UUID> status,
                           Optional<UUID> assignedTo, Optional<String> priority, Optional<String> notes,
                           Map<String, Object> ticketData) implements ActionConfig {

    /** The PSA call a ticket action makes. */
    public enum Operation {
        CREATE, UPDATE, CLOSE, ASSIGN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TicketConfig {
        Objects.requireNonNull(operation, "operation");
        // ticket_data is open JSON: a field may be null (unassign)
        ticketData = Collections.unmodifiableMap(new LinkedHashMap<>(ticketData));
    }

    // --- a new ticket (create)

    public String title() {
        return new RenderedConfig(ticketData).requiredText("title");
    }

    /** ticket_data's summary, else the notes. */
    public Optional<String> summary() {
        return new RenderedConfig(ticketData).text("summary").or(() -> notes);
    }

    public Optional<UUID> clientId() {
        return new RenderedConfig(ticketData).uuid("client_id");
    }

    public Optional<UUID> boardId() {
        return new RenderedConfig(ticketData).uuid("board_id");
    }

    /** ticket_data's status_id, else the status. */
    public Optional<UUID> statusId() {
        return new RenderedConfig(ticketData).uuid("status_id").or(() -> status);
    }

    public Optional<UUID> priorityId() {
        return new RenderedConfig(ticketData).uuid("priority_id");
    }

    // --- changes of an existing ticket (update, close, assign)

    /**
     * The PSA ticket fields to put: ticket_data plus the direct fields the operation does not set
     * itself (close sets the status, assign the assignee; update sets neither).
     */
    public Map<String, Object> changes() {
        Map<String, Object> fields = new LinkedHashMap<>(ticketData);
        if (operation != Operation.CLOSE) {
            status.ifPresent(v -> fields.put("status_id", v.toString()));
        }
        if (operation != Operation.ASSIGN) {
            assignedTo.ifPresent(v -> fields.put("assigned_to", v.toString()));
        }
        return fields;
    }

    static TicketConfig of(ActionType type, RenderedConfig config) {
        Operation operation = config.text("operation").map(o -> Operation.valueOf(o.toUpperCase(Locale.ROOT)))
                .orElse(type == ActionType.TICKET_CREATION ? Operation.CREATE : Operation.UPDATE);
        return new TicketConfig(operation, config.uuid("ticket_id"), config.uuid("status"), config.uuid("assigned_to"),
                config.text("priority"), config.text("notes"), config.object("ticket_data").orElseGet(Map::of));
    }
}
