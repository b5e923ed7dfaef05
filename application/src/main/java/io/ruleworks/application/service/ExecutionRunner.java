package io.ruleworks.application.service;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.NotStorableException;
import io.ruleworks.application.port.in.RunExecutionUseCase;
import io.ruleworks.application.port.out.ActionFailedException;
import io.ruleworks.application.port.out.ActionRunner;
import io.ruleworks.application.port.out.AutomationExecutionRepository;
import io.ruleworks.application.port.out.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.ExecutionProgress;
import io.ruleworks.application.port.out.SecretStore;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ConditionOutcome;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.execution.RenderResult;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.ActionConfigPolicy;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.ActionTypeDisabledException;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.FieldViolation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs one claimed execution: checks the rule's conditions (unless overridden), then runs its
 * actions in order — each rendered from templates, validated again, given its timeout and its
 * retries with backoff — until one fails without continue_on_error, the execution's own timeout
 * passes, or all are done. Progress is written after each action while the worker still holds
 * the lease; a worker that lost its lease (cancelled, rescued) stops without writing.
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

    public static final String ACTION_TYPE_UNAVAILABLE = "ACTION_TYPE_UNAVAILABLE";
    /** The database refused to store the execution's state: it ends failed from its last stored state. */
    public static final String RESULT_NOT_STORABLE = ExecutionFailureCodes.RESULT_NOT_STORABLE;

    private static final Duration FIRST_SAVE_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_SAVE_RETRY_DELAY = Duration.ofSeconds(2);
    private static final int MAX_REASON_LENGTH = 300;

    private static final System.Logger LOG = System.getLogger(ExecutionRunner.class.getName());

    private final RuleCache rules;
    private final AutomationExecutionRepository executions;
    private final Map<ActionType, ActionRunner> runners = new EnumMap<>(ActionType.class);
    private final ActionCapabilities capabilities;
    private final ConditionEvaluator evaluator;
    private final TemplateRenderer renderer;
    private final RetryPolicy actionRetries;
    private final RetryPolicy executionRetries;
    private final WorkflowLauncher workflows;
    private final EngineSettings settings;
    private final ExecutionProgress progress;
    private final SecretStore secrets;
    private final ExecutionNotifier notifier;
    private final Clock clock;
    private final ExecutorService actionThreads = Executors.newVirtualThreadPerTaskExecutor();

    public ExecutionRunner(RuleCache rules, AutomationExecutionRepository executions,
                           List<ActionRunner> runners, ActionCapabilities capabilities, ConditionEvaluator evaluator,
                           TemplateRenderer renderer,
                           RetryPolicy actionRetries, RetryPolicy executionRetries, WorkflowLauncher workflows,
                           EngineSettings settings, ExecutionProgress progress, SecretStore secrets,
                           ExecutionNotifier notifier, Clock clock) {
        this.rules = rules;
        this.executions = executions;
        runners.forEach(r -> this.runners.put(r.type(), r));
        this.capabilities = capabilities;
        this.evaluator = evaluator;
        this.renderer = renderer;
        this.actionRetries = actionRetries;
        this.executionRetries = executionRetries;
        this.workflows = workflows;
        this.settings = settings;
        this.progress = progress;
        this.secrets = secrets;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Thrown inside the run when the execution's own deadline passes. */
    private static final class DeadlinePassed extends Exception {
    }

    private record ActionOutcome(Optional<Map<String, Object>> result, Optional<ActionFailedException> failure,
                                 int attempts, long tookMs) {
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
        LeasedWriter writer = new LeasedWriter(claim, execution.state());
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
        } catch (DeadlinePassed e) {
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
        Future<?> report = actionThreads.submit(() -> {
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

    private ActionOutcome runAction(AutomationRule rule, AutomationExecution execution, ActionSpec action, int index,
                                    SecretScope secretScope, Instant deadline)
            throws InterruptedException, DeadlinePassed {
        long started = System.nanoTime();
        if (!capabilities.isEnabled(action.type())) {
            // stored before the type was switched off
            return failure(new ActionFailedException(ActionTypeDisabledException.CODE, "Action type "
                    + action.type().wire() + " is disabled on this server", false), 0, started);
        }
        Map<String, Object> templateContext = ExecutionInputs.templateContext(rule, execution,
                execution.actionResultsView(), secretScope.values());
        // A runner that reads the context itself (custom_script) sees everything but the secrets.
        Map<String, Object> runnerContext = new LinkedHashMap<>(templateContext);
        runnerContext.remove("secret");
        String path = "actions[" + index + "].config";
        // A config that may not use secrets (custom_script) but does (stored before the check at
        // save existed) fails here, and is rendered without them in any case.
        List<FieldViolation> secretProblems = ActionConfigPolicy.secretProblems(action.type(), action.config(), path);
        if (!secretProblems.isEmpty()) {
            return failure(new ActionFailedException("INVALID_ACTION_CONFIG", "Config may not use secrets: "
                    + secretProblems.stream().map(p -> p.field() + " " + p.message())
                    .collect(Collectors.joining("; ")), false), 0, started);
        }
        RenderResult rendered = renderer.render(action.config(),
                ActionConfigPolicy.mayUseSecrets(action.type()) ? templateContext : runnerContext);
        if (!rendered.missingVariables().isEmpty()) {
            return failure(new ActionFailedException("TEMPLATE_VARIABLE_MISSING", "Template variables not found: "
                    + String.join(", ", rendered.missingVariables()), false), 0, started);
        }
        List<FieldViolation> problems = new ArrayList<>(ActionConfigPolicy.problems(action.type(), rendered.config(),
                path));
        if (problems.isEmpty()) {
            problems.addAll(capabilities.problems(action.type(), rendered.config(), path));
        }
        if (!problems.isEmpty()) {
            return failure(new ActionFailedException("INVALID_ACTION_CONFIG", "Config is invalid after rendering: "
                    + problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")),
                    false), 0, started);
        }
        if (action.type() == ActionType.WORKFLOW_EXECUTION) {
            try {
                // The child's trigger data is stored: secrets rendered into it are stored masked.
                Duration remaining = Duration.between(clock.instant(), deadline);
                Duration wait = action.timeoutSeconds().map(Duration::ofSeconds).orElse(settings.defaultActionTimeout());
                return new ActionOutcome(Optional.of(workflows.launch(execution, index,
                        secretScope.redactor().redactMap(rendered.config()),
                        wait.compareTo(remaining) < 0 ? wait : remaining)),
                        Optional.empty(), 1, millisSince(started));
            } catch (ActionFailedException e) {
                return failure(e, 1, started);
            }
        }
        ActionRunner runner = runners.get(action.type());
        if (runner == null) {
            return failure(new ActionFailedException(ACTION_TYPE_UNAVAILABLE, "No runner is available for action type "
                    + action.type().wire() + " in this deployment", false), 0, started);
        }
        Duration actionTimeout = action.effectiveTimeoutSeconds().map(s -> Duration.ofSeconds(s))
                .orElse(settings.defaultActionTimeout());
        int retries = action.effectiveRetryAttempts();
        ActionFailedException last = null;
        int attempts = 0;
        for (int attempt = 1; attempt <= 1 + retries; attempt++) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw new DeadlinePassed();
            }
            attempts = attempt;
            Duration timeout = actionTimeout.compareTo(remaining) < 0 ? actionTimeout : remaining;
            ActionRunner.Invocation invocation = new ActionRunner.Invocation(execution.tenant(), execution.ruleId(),
                    execution.id(), index, action.order(), attempt, rendered.config(), timeout,
                    execution.id() + ":" + execution.retryCount() + ":" + index + ":" + attempt,
                    Collections.unmodifiableMap(runnerContext));
            try {
                return new ActionOutcome(Optional.of(call(runner, invocation, timeout)), Optional.empty(), attempt,
                        millisSince(started));
            } catch (TimeoutException e) {
                if (!clock.instant().isBefore(deadline)) {
                    throw new DeadlinePassed();
                }
                last = new ActionFailedException("ACTION_TIMEOUT", "Action timed out after " + timeout.toSeconds()
                        + " s", true);
            } catch (ActionFailedException e) {
                last = e;
            }
            if (!last.retryable() || attempt > retries) {
                break;
            }
            Duration delay = actionRetries.delayBefore(attempt);
            execution.log(LogLevel.WARN, "Action " + action.order() + " attempt " + attempt + " failed ("
                    + secretScope.redactor().redact(last.getMessage()) + "); retrying in " + delay.toMillis() + " ms",
                    Optional.of(index),
                    Map.of("code", last.code()), clock.instant());
            if (clock.instant().plus(delay).isAfter(deadline)) {
                throw new DeadlinePassed();
            }
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        }
        return failure(last, attempts, started);
    }

    /** Runs one attempt on its own virtual thread so the timeout can interrupt it. */
    private Map<String, Object> call(ActionRunner runner, ActionRunner.Invocation invocation, Duration timeout)
            throws InterruptedException, TimeoutException {
        Future<Map<String, Object>> future = actionThreads.submit(() -> runner.run(invocation));
        try {
            Map<String, Object> result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result == null ? Map.of() : result;
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ActionFailedException f) {
                throw f;
            }
            throw new ActionFailedException("ACTION_ERROR", String.valueOf(e.getCause().getMessage()), false,
                    e.getCause());
        }
    }

    private static ActionOutcome failure(ActionFailedException e, int attempts, long started) {
        return new ActionOutcome(Optional.empty(), Optional.of(e), attempts, millisSince(started));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
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

    /**
     * A worker's writes for one claim, under its lease: each save is taken from the aggregate once
     * (state and events) and handed to the database until it is written, the lease is lost or the
     * database refuses it; the last written state is kept for the refusal's fallback.
     */
    private final class LeasedWriter {
        private final Claim claim;
        private ExecutionState written;
        private AutomationExecution endedInstead;

        LeasedWriter(Claim claim, ExecutionState claimed) {
            this.claim = claim;
            this.written = claimed;
        }

        /**
         * True when the execution's state was written; false when it was not: the lease was lost,
         * the database stayed unreachable for the whole retry window, or the database refused the
         * state (then the execution was ended as not storable instead, see {@link #endedInstead}).
         * The caller stops either way.
         */
        boolean save(AutomationExecution execution) throws InterruptedException {
            ExecutionState state = execution.state();
            List<ExecutionEvent> events = execution.drainEvents();
            try {
                return write(state, events);
            } catch (NotStorableException refused) {
                return endAsNotStorable(refused);
            }
        }

        /** The execution as ended in place of a refused save, once it was written. */
        Optional<AutomationExecution> endedInstead() {
            return Optional.ofNullable(endedInstead);
        }

        /**
         * Writes, retrying with a growing pause within the retry window while the database cannot
         * take the save (unreachable, a transient statement failure, a writer stopping); a refused
         * value ({@link NotStorableException}) is thrown at once.
         */
        private boolean write(ExecutionState state, List<ExecutionEvent> events) throws InterruptedException {
            long giveUpAt = System.nanoTime() + settings.saveRetryWindow().toNanos();
            Duration delay = FIRST_SAVE_RETRY_DELAY;
            int failedAttempts = 0;
            while (true) {
                try {
                    boolean saved = progress.save(state, events, claim.worker());
                    if (!saved && failedAttempts > 0) {
                        // an earlier try may have committed with its reply lost: that commit gave a
                        // final state's lease up, so this one finds it gone
                        saved = alreadyWritten(state);
                    }
                    if (saved) {
                        written = state;
                        if (failedAttempts > 0) {
                            LOG.log(System.Logger.Level.INFO, "Execution " + claim.id() + ": saved after "
                                    + failedAttempts + " attempt(s) the database could not take");
                        }
                    }
                    return saved;
                } catch (NotStorableException refused) {
                    throw refused;
                } catch (RuntimeException cannotTakeItNow) {
                    failedAttempts++;
                    if (System.nanoTime() - giveUpAt >= 0) {
                        LOG.log(System.Logger.Level.WARNING, "Execution " + claim.id() + ": the database could "
                                + "not take its save for " + settings.saveRetryWindow() + " (" + reason(cannotTakeItNow)
                                + "); giving the save up (its lease will expire and the execution run again)");
                        return false;
                    }
                    if (failedAttempts == 1) {
                        if (cannotTakeItNow instanceof DependencyUnavailableException) {
                            LOG.log(System.Logger.Level.WARNING, "Execution " + claim.id() + ": the database is "
                                    + "unreachable; keeping the result and retrying the save");
                        } else {
                            LOG.log(System.Logger.Level.WARNING, "Execution " + claim.id() + ": the save failed ("
                                    + reason(cannotTakeItNow) + "); keeping the result and retrying it",
                                    cannotTakeItNow);
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(delay.toMillis());
                    delay = delay.multipliedBy(2).compareTo(MAX_SAVE_RETRY_DELAY) > 0
                            ? MAX_SAVE_RETRY_DELAY : delay.multipliedBy(2);
                }
            }
        }

        /** Whether the stored execution is the state this worker tried to write (status and attempt). */
        private boolean alreadyWritten(ExecutionState state) {
            try {
                Optional<AutomationExecution> stored = executions.findById(claim.tenant(), claim.id());
                boolean same = stored.isPresent() && stored.get().status() == state.status()
                        && stored.get().attempt() == state.attempt() && state.status() != ExecutionStatus.RUNNING;
                if (same) {
                    LOG.log(System.Logger.Level.INFO, "Execution " + claim.id() + ": an earlier try of its save "
                            + "had committed (its reply was lost)");
                }
                return same;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Execution " + claim.id() + ": could not read it back after "
                        + "its save found the lease gone (" + e.getMessage() + ")");
                return false;
            }
        }

        /**
         * The database refused the execution's state: the execution ends as failed from the last
         * state that was written, with the reason, so that it is never run again for it.
         */
        private boolean endAsNotStorable(NotStorableException refused) throws InterruptedException {
            String reason = reason(refused);
            LOG.log(System.Logger.Level.ERROR, "Execution " + claim.id() + ": the database refused its state ("
                    + reason + "); ending it as " + RESULT_NOT_STORABLE, refused);
            AutomationExecution fallback = AutomationExecution.reconstitute(written);
            Instant now = clock.instant();
            fallback.log(LogLevel.ERROR, "The database refused the execution's state (" + reason + "); what came "
                    + "after the last stored state is lost", Optional.empty(), Map.of("code", RESULT_NOT_STORABLE), now);
            fallback.fail("The execution's state could not be stored: " + reason,
                    Optional.of(RESULT_NOT_STORABLE + ": " + reason), now);
            try {
                if (write(fallback.state(), fallback.drainEvents())) {
                    endedInstead = fallback;
                }
            } catch (NotStorableException again) {
                LOG.log(System.Logger.Level.ERROR, "Execution " + claim.id() + ": its failure could not be stored "
                        + "either; its lease will expire", again);
            }
            return false;
        }
    }

    /** The first line of the innermost message: the database's own words, without data or stack. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > MAX_REASON_LENGTH ? line.substring(0, MAX_REASON_LENGTH) : line;
    }
}
