package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.PsaGateway;
import io.ruleworks.application.port.out.PsaGateway.ProjectChanges;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * project_update: PUT /api/v1/projects/{project_id} with the named project fields (project_name,
 * description, start_date, end_date, assigned_to, client_id, budgeted_hours, is_inactive) plus the
 * free project_data. Result: project_id, project.
 */
@Singleton
public class ProjectUpdateRunner extends PsaActionRunner {

    static final List<String> FIELDS = List.of("project_name", "description", "start_date", "end_date",
            "assigned_to", "client_id", "budgeted_hours", "is_inactive");

    public ProjectUpdateRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.PROJECT_UPDATE;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        Map<String, Object> config = invocation.config();
        Map<String, Object> fields = new LinkedHashMap<>(object(config, "project_data"));
        for (String field : FIELDS) {
            if (config.containsKey(field)) {
                fields.put(field, config.get(field));
            }
        }
        if (fields.isEmpty()) {
            throw invalid("a project update needs at least one change");
        }
        return result("project", psa.updateProject(call(invocation), requiredUuid(config, "project_id"),
                new ProjectChanges(fields)), false);
    }
}
