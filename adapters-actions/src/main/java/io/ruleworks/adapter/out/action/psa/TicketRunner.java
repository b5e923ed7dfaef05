package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.PsaGateway;
import io.ruleworks.application.port.out.PsaGateway.NewTicket;
import io.ruleworks.application.port.out.PsaGateway.PriorityName;
import io.ruleworks.application.port.out.PsaGateway.PsaRecord;
import io.ruleworks.application.port.out.PsaGateway.TicketChanges;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * ticket_creation and ticket_update share one config: {@code operation} (create, update, close,
 * assign; the type only sets the default) picks the PSA call. create posts ticket_data (notes as
 * its summary); update, close and assign put ticket_data plus status (as status_id) and
 * assigned_to on the ticket; close requires the closing status, assign the assignee. A priority by
 * name becomes the tenant's configured priority_id. Result: operation, ticket_id, ticket.
 */
abstract class TicketRunner extends PsaActionRunner {

    private final String defaultOperation;

    TicketRunner(PsaGateway psa, JsonMapper json, String defaultOperation) {
        super(psa, json);
        this.defaultOperation = defaultOperation;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        Map<String, Object> config = invocation.config();
        String operation = text(config, "operation").orElse(defaultOperation);
        Optional<PriorityName> priority = text(config, "priority").map(PriorityName::new);
        Map<String, Object> data = object(config, "ticket_data");
        PsaRecord record = switch (operation) {
            case "create" -> psa.createTicket(call(invocation), newTicket(config, data, priority));
            case "close" -> psa.closeTicket(call(invocation), requiredUuid(config, "ticket_id"),
                    requiredUuid(config, "status"), changes(config, data, priority, "assigned_to"));
            case "assign" -> psa.assignTicket(call(invocation), requiredUuid(config, "ticket_id"),
                    requiredUuid(config, "assigned_to"), changes(config, data, priority, "status"));
            case "update" -> psa.updateTicket(call(invocation), requiredUuid(config, "ticket_id"),
                    changes(config, data, priority, "status", "assigned_to"));
            default -> throw invalid("operation " + operation + " is not one of create, update, close, assign");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("operation", operation);
        result.putAll(result("ticket", record, operation.equals("create")));
        return result;
    }

    private static NewTicket newTicket(Map<String, Object> config, Map<String, Object> data,
                                       Optional<PriorityName> priority) {
        return new NewTicket(requiredText(data, "title"), text(data, "summary").or(() -> text(config, "notes")),
                uuid(data, "client_id"), uuid(data, "board_id"), uuid(data, "status_id").or(() -> uuid(config, "status")),
                uuid(data, "priority_id"), priority);
    }

    /** ticket_data plus the direct fields the operation does not set itself. */
    private static TicketChanges changes(Map<String, Object> config, Map<String, Object> data,
                                         Optional<PriorityName> priority, String... directFields) {
        Map<String, Object> fields = new LinkedHashMap<>(data);
        for (String field : directFields) {
            Optional<UUID> value = uuid(config, field);
            value.ifPresent(v -> fields.put(field.equals("status") ? "status_id" : field, v.toString()));
        }
        return new TicketChanges(fields, priority);
    }
}
