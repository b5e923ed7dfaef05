package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.ProjectChanges;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.ProjectUpdateConfig;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * project_update: PUT /api/v1/projects/{project_id} with the named project fields (project_name,
 * description, start_date, end_date, assigned_to, client_id, budgeted_hours, is_inactive) plus the
 * free project_data. Result: project_id, project.
 */
@Singleton
public class ProjectUpdateRunner extends PsaActionRunner {

    public ProjectUpdateRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.PROJECT_UPDATE;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        ProjectUpdateConfig config = invocation.typedConfig(ProjectUpdateConfig.class);
        return result("project", psa.updateProject(call(invocation), config.projectId(),
                new ProjectChanges(config.changes())), false);
    }
}
