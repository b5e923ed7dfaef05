package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.NotStorableException;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A worker's writes for one claim, under its lease: each save is taken from the aggregate once
 * (state and events) and handed to the database until it is written, the lease is lost or the
 * database refuses it; the last written state is kept for the refusal's fallback.
 */
final class LeasedWriter {

    private static final Duration FIRST_SAVE_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_SAVE_RETRY_DELAY = Duration.ofSeconds(2);
    private static final int MAX_REASON_LENGTH = 300;
    /** The runner's logger, by name: a save's lines read as the worker's (no reference back to the runner). */
    private static final System.Logger LOG = System.getLogger("io.ruleworks.application.service.execution.ExecutionRunner");

    private final Claim claim;
    private final ExecutionProgress progress;
    private final AutomationExecutionRepository executions;
    private final Duration saveRetryWindow;
    private final Clock clock;
    private ExecutionState written;
    private AutomationExecution endedInstead;

    LeasedWriter(Claim claim, ExecutionState claimed, ExecutionProgress progress,
                 AutomationExecutionRepository executions, Duration saveRetryWindow, Clock clock) {
        this.claim = claim;
        this.written = claimed;
        this.progress = progress;
        this.executions = executions;
        this.saveRetryWindow = saveRetryWindow;
        this.clock = clock;
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
        long giveUpAt = System.nanoTime() + saveRetryWindow.toNanos();
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
                            + "not take its save for " + saveRetryWindow + " (" + reason(cannotTakeItNow)
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
                + reason + "); ending it as " + ExecutionFailureCodes.RESULT_NOT_STORABLE, refused);
        AutomationExecution fallback = AutomationExecution.reconstitute(written);
        Instant now = clock.instant();
        fallback.log(LogLevel.ERROR, "The database refused the execution's state (" + reason + "); what came "
                + "after the last stored state is lost", Optional.empty(), Map.of("code", ExecutionFailureCodes.RESULT_NOT_STORABLE), now);
        fallback.fail("The execution's state could not be stored: " + reason,
                Optional.of(ExecutionFailureCodes.RESULT_NOT_STORABLE + ": " + reason), now);
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
