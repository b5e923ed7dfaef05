package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

/** ticket_update: a {@link TicketRunner}; its config's operation defaults to update ({@code TicketConfig}). */
@Singleton
public class TicketUpdateRunner extends TicketRunner {

    public TicketUpdateRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.TICKET_UPDATE;
    }
}
