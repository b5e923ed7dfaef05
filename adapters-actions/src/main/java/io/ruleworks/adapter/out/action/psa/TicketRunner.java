package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.NewTicket;
import io.ruleworks.application.port.out.action.PsaGateway.PriorityName;
import io.ruleworks.application.port.out.action.PsaGateway.PsaRecord;
import io.ruleworks.application.port.out.action.PsaGateway.TicketChanges;
import io.ruleworks.domain.rule.TicketConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ticket_creation and ticket_update share one config ({@link TicketConfig}): its operation
 * (create, update, close, assign; the type only sets the default) picks the PSA call. create posts
 * ticket_data (notes as its summary); update, close and assign put ticket_data plus status (as
 * status_id) and assigned_to on the ticket; close requires the closing status, assign the assignee.
 * A priority by name becomes the tenant's configured priority_id. Result: operation, ticket_id,
 * ticket.
 */
abstract class TicketRunner extends PsaActionRunner {

    TicketRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        TicketConfig config = invocation.typedConfig(TicketConfig.class);
        Optional<PriorityName> priority = config.priority().map(PriorityName::new);
        PsaRecord record = switch (config.operation()) {
            case CREATE -> psa.createTicket(call(invocation), new NewTicket(config.title(), config.summary(),
                    config.clientId(), config.boardId(), config.statusId(), config.priorityId(), priority));
            case CLOSE -> psa.closeTicket(call(invocation), ticketId(config),
                    config.status().orElseThrow(() -> invalid("status is required")),
                    new TicketChanges(config.changes(), priority));
            case ASSIGN -> psa.assignTicket(call(invocation), ticketId(config),
                    config.assignedTo().orElseThrow(() -> invalid("assigned_to is required")),
                    new TicketChanges(config.changes(), priority));
            case UPDATE -> psa.updateTicket(call(invocation), ticketId(config),
                    new TicketChanges(config.changes(), priority));
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("operation", config.operation().wire());
        result.putAll(result("ticket", record, config.operation() == TicketConfig.Operation.CREATE));
        return result;
    }

    private static java.util.UUID ticketId(TicketConfig config) {
        return config.ticketId().orElseThrow(() -> invalid("ticket_id is required"));
    }
}
