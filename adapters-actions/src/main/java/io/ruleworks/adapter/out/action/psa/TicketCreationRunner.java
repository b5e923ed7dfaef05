package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

/** ticket_creation: a {@link TicketRunner}; its config's operation defaults to create ({@code TicketConfig}). */
@Singleton
public class TicketCreationRunner extends TicketRunner {

    public TicketCreationRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.TICKET_CREATION;
    }
}
