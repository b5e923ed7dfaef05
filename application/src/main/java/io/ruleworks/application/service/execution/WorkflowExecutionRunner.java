package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.action.SecretStore;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.WorkflowExecutionConfig;

import java.util.Map;

/**
 * workflow_execution as an action runner like the others: it starts the child through the
 * {@link WorkflowLauncher} (lineage, loop guard, waiting). The child's trigger data is stored, so
 * the tenant's secret values rendered into the config are masked before it is handed on. It
 * {@linkplain #keepsItsOwnTime() keeps its own time}: one attempt, waiting for the child at most
 * the invocation's timeout.
 */
public final class WorkflowExecutionRunner implements ActionRunner {

    private final WorkflowLauncher launcher;
    private final AutomationExecutionRepository executions;
    private final SecretStore secrets;

    public WorkflowExecutionRunner(WorkflowLauncher launcher, AutomationExecutionRepository executions,
                                   SecretStore secrets) {
        this.launcher = launcher;
        this.executions = executions;
        this.secrets = secrets;
    }

    @Override
    public ActionType type() {
        return ActionType.WORKFLOW_EXECUTION;
    }

    @Override
    public boolean keepsItsOwnTime() {
        return true;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        AutomationExecution parent = executions.findById(invocation.tenant(), invocation.executionId())
                .orElseThrow(() -> new ActionFailedException("EXECUTION_NOT_FOUND", "Execution "
                        + invocation.executionId() + " no longer exists", false));
        WorkflowExecutionConfig config = invocation.typedConfig(WorkflowExecutionConfig.class);
        Redactor redactor = Redactor.of(secrets.secretsFor(invocation.tenant()).values());
        WorkflowExecutionConfig stored = new WorkflowExecutionConfig(config.ruleId(),
                config.executionData().map(redactor::redactMap), config.waitForCompletion());
        return launcher.launch(parent, invocation.index(), stored, invocation.timeout());
    }
}
