package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The attempt policy of one action: each attempt runs on a virtual thread of its own and is cut
 * off (interrupted) at the action's timeout (its own or its config's timeout_seconds, else the
 * default), never beyond the execution's deadline; a retryable failure or a timeout is tried again
 * up to the action's retry_attempts, after the backoff of the action {@link RetryPolicy}, each retry
 * logged on the execution. An attempt or a backoff that would end past the execution's deadline
 * throws {@link ExecutionDeadlinePassed} instead. A runner that {@linkplain ActionRunner#keepsItsOwnTime()
 * keeps its own time} is run once, on the caller's thread, with the whole time it may take.
 */
public final class ActionAttempts {

    private final RetryPolicy backoff;
    private final Duration defaultTimeout;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public ActionAttempts(RetryPolicy backoff, Duration defaultTimeout, Clock clock) {
        this.backoff = backoff;
        this.defaultTimeout = defaultTimeout;
        this.clock = clock;
    }

    /**
     * Runs {@code action} (the {@code index}th of {@code execution}) with its rendered
     * {@code config} and that config's record {@code typed}; {@code startedNanos} is when the action
     * began (rendering included), for its duration. The redactor keeps secret values out of the retry log lines.
     */
    ActionOutcome run(ActionRunner runner, AutomationExecution execution, ActionSpec action, int index,
                      Map<String, Object> config, ActionConfig typed, Map<String, Object> runnerContext,
                      Redactor redactor,
                      Instant deadline, long startedNanos) throws InterruptedException, ExecutionDeadlinePassed {
        if (runner.keepsItsOwnTime()) {
            return runOnce(runner, execution, action, index, config, typed, runnerContext, deadline, startedNanos);
        }
        Duration actionTimeout = action.effectiveTimeoutSeconds().map(Duration::ofSeconds).orElse(defaultTimeout);
        int retries = action.effectiveRetryAttempts();
        ActionFailedException last = null;
        int attempts = 0;
        for (int attempt = 1; attempt <= 1 + retries; attempt++) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw new ExecutionDeadlinePassed();
            }
            attempts = attempt;
            Duration timeout = actionTimeout.compareTo(remaining) < 0 ? actionTimeout : remaining;
            ActionRunner.Invocation invocation = invocation(execution, action, index, attempt, config, typed, timeout,
                    runnerContext);
            try {
                return ActionOutcome.succeeded(call(runner, invocation, timeout), attempt, startedNanos);
            } catch (TimeoutException e) {
                if (!clock.instant().isBefore(deadline)) {
                    throw new ExecutionDeadlinePassed();
                }
                last = new ActionFailedException("ACTION_TIMEOUT", "Action timed out after " + timeout.toSeconds()
                        + " s", true);
            } catch (ActionFailedException e) {
                last = e;
            }
            if (!last.retryable() || attempt > retries) {
                break;
            }
            Duration delay = backoff.delayBefore(attempt);
            execution.log(LogLevel.WARN, "Action " + action.order() + " attempt " + attempt + " failed ("
                    + redactor.redact(last.getMessage()) + "); retrying in " + delay.toMillis() + " ms",
                    Optional.of(index), Map.of("code", last.code()), clock.instant());
            if (clock.instant().plus(delay).isAfter(deadline)) {
                throw new ExecutionDeadlinePassed();
            }
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        }
        return ActionOutcome.failed(last, attempts, startedNanos);
    }

    /** One attempt on the caller's thread, given the action's own timeout_seconds (or the default) within the deadline. */
    private ActionOutcome runOnce(ActionRunner runner, AutomationExecution execution, ActionSpec action, int index,
                                  Map<String, Object> config, ActionConfig typed, Map<String, Object> runnerContext,
                                  Instant deadline, long startedNanos) throws InterruptedException {
        Duration remaining = Duration.between(clock.instant(), deadline);
        Duration wait = action.timeoutSeconds().map(Duration::ofSeconds).orElse(defaultTimeout);
        try {
            Map<String, Object> result = runner.run(invocation(execution, action, index, 1, config, typed,
                    wait.compareTo(remaining) < 0 ? wait : remaining, runnerContext));
            return ActionOutcome.succeeded(result == null ? Map.of() : result, 1, startedNanos);
        } catch (ActionFailedException e) {
            return ActionOutcome.failed(e, 1, startedNanos);
        }
    }

    private static ActionRunner.Invocation invocation(AutomationExecution execution, ActionSpec action, int index,
                                                      int attempt, Map<String, Object> config, ActionConfig typed,
                                                      Duration timeout, Map<String, Object> runnerContext) {
        return new ActionRunner.Invocation(execution.tenant(), execution.ruleId(), execution.id(), index,
                action.order(), attempt, config, timeout,
                execution.id() + ":" + execution.retryCount() + ":" + index + ":" + attempt,
                Collections.unmodifiableMap(runnerContext), typed);
    }

    /** Runs one attempt on its own virtual thread so the timeout can interrupt it. */
    private Map<String, Object> call(ActionRunner runner, ActionRunner.Invocation invocation, Duration timeout)
            throws InterruptedException, TimeoutException {
        Future<Map<String, Object>> future = threads.submit(() -> runner.run(invocation));
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
}
