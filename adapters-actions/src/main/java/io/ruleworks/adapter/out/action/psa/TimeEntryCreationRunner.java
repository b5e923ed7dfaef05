package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.PsaGateway;
import io.ruleworks.application.port.out.PsaGateway.NewTimeEntry;
import io.ruleworks.domain.rule.ActionType;
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
        Map<String, Object> config = invocation.config();
        NewTimeEntry entry;
        try {
            entry = new NewTimeEntry(requiredText(config, "work_item_type"), requiredText(config, "work_item_id"),
                    uuid(config, "user_id"), instant(config, "started_at"), instant(config, "ended_at"),
                    number(config, "duration_minutes"), number(config, "billable_minutes"), text(config, "notes"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw invalid(e.getMessage());
        }
        return result("time_entry", psa.createTimeEntry(call(invocation), entry), true);
    }
}
