package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.NewTimeEntry;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.TimeEntryConfig;
import jakarta.inject.Singleton;

import java.util.Map;

/** time_entry_creation: POST /api/v1/time-entries. Result: time_entry_id, time_entry. */
@Singleton
public class TimeEntryCreationRunner extends PsaActionRunner {

    public TimeEntryCreationRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.TIME_ENTRY_CREATION;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        TimeEntryConfig config = invocation.typedConfig(TimeEntryConfig.class);
        NewTimeEntry entry = new NewTimeEntry(config.workItemType(), config.workItemId(), config.userId(),
                config.startedAt(), config.endedAt(), config.durationMinutes(), config.billableMinutes(),
                config.notes());
        return result("time_entry", psa.createTimeEntry(call(invocation), entry), true);
    }
}
