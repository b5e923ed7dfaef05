package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.NotStorableException;
import io.ruleworks.application.port.in.execution.RunExecutionUseCase;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.SecretStore;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ConditionOutcome;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.AutomationRule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one claimed execution: checks the rule's conditions (unless overridden), then runs its
 * actions in order until one fails without continue_on_error, the execution's own timeout passes,
 * or all are done. Each action's config is rendered and checked by the {@link ActionConfigRenderer},
 * its runner comes from the {@link ActionRunners} registry and the {@link ActionAttempts} policy
 * gives it its timeout and its retries with backoff. Progress is written after each action, through
 * the {@link LeasedWriter}, while the worker still holds the lease; a worker that lost its lease
 * (cancelled, rescued) stops without writing. The end is reported by the {@link ExecutionNotifier}.
 *
 * <p>The execution's timeout counts from its first start, across re-runs after lost leases: a
 * re-run that finds it used up ends the execution as timed out before running anything. A save
 * the database cannot take now (it is unreachable, a transient statement failure) is retried, the
 * result kept, with a growing pause, until it is written, the lease is found lost (the queue
 * interrupts the worker) or {@link EngineSettings#saveRetryWindow()} passes; a save whose value
 * the database refuses ({@link NotStorableException}) ends the execution as failed with
 * {@link #RESULT_NOT_STORABLE} from the last state that was stored (docs/reliability.md).
 */
public final class ExecutionRunner implements RunExecutionUseCase {

    /** The database refused to store the execution's state: it ends failed from its last stored state. */
    public static final String RESULT_NOT_STORABLE = ExecutionFailureCodes.RESULT_NOT_STORABLE;

    private static final System.Logger LOG = System.getLogger(ExecutionRunner.class.getName());

    private final RuleCache rules;
    private final AutomationExecutionRepository executions;
    private final ActionRunners runners;
    private final ActionConfigRenderer configs;
    private final ActionAttempts attempts;
    private final ConditionEvaluator evaluator;
    private final RetryPolicy executionRetries;
    private final EngineSettings settings;
    private final ExecutionProgress progress;
    private final SecretStore secrets;
    private final ExecutionNotifier notifier;
    private final Clock clock;
    private final ExecutorService reportThreads = Executors.newVirtualThreadPerTaskExecutor();

    public ExecutionRunner(RuleCache rules, AutomationExecutionRepository executions, ActionRunners runners,
                           ActionConfigRenderer configs, ActionAttempts attempts, ConditionEvaluator evaluator,
                           RetryPolicy executionRetries, EngineSettings settings, ExecutionProgress progress,
                           SecretStore secrets, ExecutionNotifier notifier, Clock clock) {
        this.rules = rules;
        this.executions = executions;
        this.runners = runners;
        this.configs = configs;
        this.attempts = attempts;
        this.evaluator = evaluator;
        this.executionRetries = executionRetries;
        this.settings = settings;
        this.progress = progress;
        this.secrets = secrets;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The tenant's secrets for rendering, and the redactor that keeps their values out of the record. */
    private record SecretScope(Map<String, String> values, Redactor redactor) {
    }

    @Override
    public void run(Claim claim) {
        Optional<AutomationExecution> loaded = claim.snapshot().map(AutomationExecution::reconstitute)
                .or(() -> executions.findById(claim.tenant(), claim.id()));
        if (loaded.isEmpty() || loaded.get().status() != ExecutionStatus.RUNNING) {
            return;
        }
        AutomationExecution execution = loaded.get();
        LeasedWriter writer = new LeasedWriter(claim, execution.state(), progress, executions,
                settings.saveRetryWindow(), clock);
        execution.log(LogLevel.INFO, "Execution started (attempt " + execution.attempt() + ", worker "
                + claim.worker() + ")", Optional.empty(), Map.of(), clock.instant());
        Optional<AutomationRule> rule = rules.find(claim.tenant(), execution.ruleId(), claim.ruleVersion());
        try {
            if (rule.isEmpty()) {
                execution.fail("The rule no longer exists", Optional.empty(), clock.instant());
                writer.save(execution);
                return;
            }
            runActions(rule.get(), execution, writer);
        } catch (InterruptedException e) {
            // The lease was lost (cancelled or rescued) or the service is stopping: write nothing.
            Thread.currentThread().interrupt();
        }
    }

    private void runActions(AutomationRule rule, AutomationExecution execution, LeasedWriter writer)
            throws InterruptedException {
        Duration limit = Duration.ofMinutes(rule.definition().executionTimeoutMinutes());
        Instant deadline = execution.startedAt().orElse(clock.instant()).plus(limit);
        if (!clock.instant().isBefore(deadline)) {
            // a re-run after lost leases: the timeout counts from the first start
            execution.log(LogLevel.WARN, "The execution's timeout ran out before this attempt (first started "
                    + execution.startedAt().map(Instant::toString).orElse("?") + "); nothing is run again",
                    Optional.empty(), Map.of(), clock.instant());
            execution.timeOut(limit, clock.instant());
            saveThenNotify(rule, execution, writer, Redactor.of(secrets.secretsFor(execution.tenant()).values()));
            return;
        }
        if (execution.context().overridesConditions()) {
            execution.log(LogLevel.WARN, "override_conditions=true: the rule's conditions were not evaluated",
                    Optional.empty(), Map.of(), clock.instant());
        } else {
            ConditionOutcome outcome = ExecutionInputs.evaluate(evaluator, rule, execution.triggerData(),
                    execution.context());
            Instant now = clock.instant();
            ExecutionInputs.trace(outcome, now).forEach(t ->
                    execution.log(t.level(), t.message(), t.actionIndex(), t.metadata(), now));
            if (!outcome.matched()) {
                execution.skip("the rule's conditions do not hold", now);
                writer.save(execution);
                return;
            }
        }
        List<ActionSpec> actions = rule.definition().actions();
        Map<String, String> tenantSecrets = secrets.secretsFor(execution.tenant());
        SecretScope scope = new SecretScope(tenantSecrets, Redactor.of(tenantSecrets.values()));
        Redactor redactor = scope.redactor();
        boolean failed = false;
        try {
            for (int i = execution.resumeFromIndex().orElse(0); i < actions.size(); i++) {
                ActionSpec action = actions.get(i);
                ActionOutcome outcome = runAction(rule, execution, action, i, scope, deadline);
                Instant now = clock.instant();
                if (outcome.result().isPresent()) {
                    execution.actionSucceeded(i, action.order(), redactor.redactMap(outcome.result().get()),
                            outcome.attempts(), outcome.tookMs(), now);
                } else {
                    ActionFailedException f = outcome.failure().orElseThrow();
                    String message = redactor.redact(f.getMessage());
                    execution.actionFailed(i, action.order(), f.code(), message, outcome.attempts(),
                            outcome.tookMs(), action.continueOnError(), now);
                    if (!action.continueOnError()) {
                        execution.fail("Action " + action.order() + " (" + action.type().wire() + ") failed: "
                                + message, Optional.of(redactor.redact(describe(f))), now);
                        failed = true;
                        break;
                    }
                }
                if (i < actions.size() - 1 && !writer.save(execution)) {
                    notifyOfRefusal(rule, writer, redactor);
                    return;
                }
            }
        } catch (ExecutionDeadlinePassed e) {
            execution.timeOut(limit, clock.instant());
            saveThenNotify(rule, execution, writer, redactor);
            return;
        }
        Instant now = clock.instant();
        if (!failed) {
            execution.complete(now);
        } else if (rule.definition().retryFailedExecutions()
                && execution.retryCount() < settings.maxAutoRetries()) {
            Duration delay = executionRetries.delayBefore(execution.retryCount() + 1);
            execution.retry(RetryFrom.START, now.plus(delay), now);
            execution.log(LogLevel.INFO, "retry_failed_executions: automatic retry in " + delay.toMillis() + " ms",
                    Optional.empty(), Map.of(), now);
        }
        saveThenNotify(rule, execution, writer, redactor);
    }

    /**
     * Saves the final state and only then notifies, so nobody is told about a state that was not
     * stored (a worker that lost its lease saves nothing and notifies nobody); the outcomes of the
     * notifications are appended to the saved execution's log.
     *
     * <p>The final save gives the lease up, so the queue's lease watch may see it gone and interrupt
     * this thread as if it had been cancelled. The report therefore runs on a thread of its own and
     * is waited for through such an interrupt (it is bounded by the notification timeout); the
     * interrupt is kept for the caller.
     */
    private void saveThenNotify(AutomationRule rule, AutomationExecution execution, LeasedWriter writer,
                                Redactor redactor) throws InterruptedException {
        if (!writer.save(execution)) {
            notifyOfRefusal(rule, writer, redactor);
            return;
        }
        report(rule, execution, redactor);
    }

    /** When the database refused a save and the execution ended as not storable instead, reports that end. */
    private void notifyOfRefusal(AutomationRule rule, LeasedWriter writer, Redactor redactor) {
        writer.endedInstead().ifPresent(ended -> report(rule, ended, redactor));
    }

    private void report(AutomationRule rule, AutomationExecution execution, Redactor redactor) {
        if (!ExecutionNotifier.wanted(rule, execution)) {
            return;
        }
        Future<?> report = reportThreads.submit(() -> {
            List<ExecutionLogEntry> outcomes = notifier.notify(rule, execution, redactor);
            if (!outcomes.isEmpty()) {
                progress.appendLogs(execution.tenant(), execution.id(), outcomes);
            }
            return null;
        });
        awaitThroughInterrupts(report, execution);
    }

    private static void awaitThroughInterrupts(Future<?> report, AutomationExecution execution) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    report.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.WARNING, "Execution " + execution.id() + ": reporting its end failed",
                            e.getCause());
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One action: its config rendered and checked, then run by its type's runner under the attempt policy. */
    private ActionOutcome runAction(AutomationRule rule, AutomationExecution execution, ActionSpec action, int index,
                                    SecretScope secretScope, Instant deadline)
            throws InterruptedException, ExecutionDeadlinePassed {
        long started = System.nanoTime();
        Map<String, Object> config;
        ActionConfig typed;
        Map<String, Object> runnerContext;
        try {
            // stored before the type was switched off
            configs.checkEnabled(action);
            Map<String, Object> templateContext = ExecutionInputs.templateContext(rule, execution,
                    execution.actionResultsView(), secretScope.values());
            // A runner that reads the context itself (custom_script) sees everything but the secrets.
            runnerContext = new LinkedHashMap<>(templateContext);
            runnerContext.remove("secret");
            config = configs.render(action, index, templateContext, runnerContext);
            typed = configs.parse(action, config);
            if (!runners.has(action.type())) {
                throw ActionRunners.unavailable("No runner is available for action type " + action.type().wire()
                        + " in this deployment");
            }
        } catch (ActionFailedException refused) {
            return ActionOutcome.failed(refused, 0, started);
        }
        return attempts.run(runners.get(action.type()), execution, action, index, config, typed, runnerContext,
                secretScope.redactor(), deadline, started);
    }

    /** A bounded description of the failure: codes and messages of the cause chain, no stack frames or config. */
    private static String describe(ActionFailedException failure) {
        StringBuilder text = new StringBuilder(failure.code()).append(": ").append(failure.getMessage());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append("\ncaused by ").append(cause.getClass().getSimpleName()).append(": ")
                    .append(cause.getMessage());
        }
        return text.length() > AutomationExecution.MAX_ERROR_STACK
                ? text.substring(0, AutomationExecution.MAX_ERROR_STACK) : text.toString();
    }
}
