package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.FixedRandom;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.ActionType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionAttemptsTest {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.standing();
    private final AutomationExecution execution = AutomationExecutions.anExecution().pending(clock);
    private final Instant farDeadline = clock.instant().plus(Duration.ofHours(1));
    private ActionAttempts attempts = new ActionAttempts(
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), FixedRandom.highest()), DEFAULT_TIMEOUT, clock);

    /** Answers each attempt in turn with the next of its answers (the last one repeats): a result or a failure. */
    private static final class ScriptedRunner implements ActionRunner {
        final List<Invocation> invocations = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final List<Object> answers;
        private final boolean keepsItsOwnTime;

        private ScriptedRunner(boolean keepsItsOwnTime, List<Object> answers) {
            this.keepsItsOwnTime = keepsItsOwnTime;
            this.answers = answers;
        }

        ScriptedRunner(Object... answers) {
            this(false, List.of(answers));
        }

        static ScriptedRunner keepingItsOwnTime(Object... answers) {
            return new ScriptedRunner(true, List.of(answers));
        }

        @Override
        public ActionType type() {
            return ActionType.WEBHOOK_CALL;
        }

        @Override
        public boolean keepsItsOwnTime() {
            return keepsItsOwnTime;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> run(Invocation invocation) throws InterruptedException {
            invocations.add(invocation);
            threads.add(Thread.currentThread());
            Object answer = answers.get(Math.min(invocations.size(), answers.size()) - 1);
            if (answer instanceof Duration hang) {
                Thread.sleep(hang.toMillis());
                return Map.of("woke", true);
            }
            if (answer instanceof ActionFailedException failure) {
                throw failure;
            }
            return (Map<String, Object>) answer;
        }
    }

    private static ActionSpec action(Integer timeoutSeconds, int retries) {
        return new ActionSpec(ActionType.WEBHOOK_CALL, Map.of("url", "http://127.0.0.1/hook"), 1, false,
                Optional.ofNullable(timeoutSeconds), retries);
    }

    private ActionOutcome run(ActionRunner runner, ActionSpec action, Instant deadline)
            throws InterruptedException, ExecutionDeadlinePassed {
        return attempts.run(runner, execution, action, 0, action.config(), ActionConfig.parse(action.type(), action.config()),
                Map.of(), Redactor.of(List.of()), deadline, System.nanoTime());
    }

    private static ActionFailedException retryable() {
        return new ActionFailedException("HTTP_503", "the peer is busy", true);
    }

    private List<ExecutionLogEntry> retryLines() {
        return execution.state().logs().stream()
                .filter(l -> l.level() == LogLevel.WARN && l.message().contains("retrying")).toList();
    }

    @Test
    void an_attempt_that_does_not_answer_in_time_is_cut_off_and_retried_up_to_its_retry_attempts() throws Exception {
        ScriptedRunner hanging = new ScriptedRunner(Duration.ofMinutes(1));

        ActionOutcome outcome = run(hanging, action(1, 1), farDeadline);

        assertThat(outcome.failure()).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo("ACTION_TIMEOUT");
            assertThat(f.getMessage()).isEqualTo("Action timed out after 1 s");
        });
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(hanging.invocations).extracting(ActionRunner.Invocation::timeout)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(outcome.tookMs()).isLessThan(30_000);
    }

    @Test
    void retryable_failures_are_tried_again_at_most_retry_attempts_times() throws Exception {
        ScriptedRunner failing = new ScriptedRunner(retryable());

        ActionOutcome outcome = run(failing, action(null, 3), farDeadline);

        assertThat(outcome.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("HTTP_503"));
        assertThat(outcome.attempts()).isEqualTo(4);
        assertThat(failing.invocations).extracting(ActionRunner.Invocation::attempt).containsExactly(1, 2, 3, 4);
        assertThat(retryLines()).hasSize(3).first().satisfies(line -> {
            assertThat(line.message()).startsWith("Action 1 attempt 1 failed (the peer is busy); retrying in ");
            assertThat(line.metadata()).containsEntry("code", "HTTP_503");
        });
    }

    @Test
    void a_failure_that_is_not_retryable_is_not_tried_again() throws Exception {
        ScriptedRunner refusing = new ScriptedRunner(new ActionFailedException("HTTP_400", "bad request", false));

        ActionOutcome outcome = run(refusing, action(null, 3), farDeadline);

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(refusing.invocations).hasSize(1);
        assertThat(retryLines()).isEmpty();
    }

    @Test
    void an_attempt_after_a_retryable_failure_can_succeed() throws Exception {
        ScriptedRunner flaky = new ScriptedRunner(retryable(), Map.of("status", 200));

        ActionOutcome outcome = run(flaky, action(null, 2), farDeadline);

        assertThat(outcome.result()).hasValue(Map.of("status", 200));
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(flaky.invocations.get(1).idempotencyKey()).isEqualTo(execution.id() + ":0:0:2");
    }

    @Test
    void an_attempt_gets_the_default_timeout_but_never_more_than_the_execution_has_left() throws Exception {
        ScriptedRunner answering = new ScriptedRunner(Map.of());

        run(answering, action(null, 0), farDeadline);
        run(answering, action(null, 0), clock.instant().plusSeconds(3));

        assertThat(answering.invocations).extracting(ActionRunner.Invocation::timeout)
                .containsExactly(DEFAULT_TIMEOUT, Duration.ofSeconds(3));
    }

    @Test
    void nothing_is_attempted_once_the_execution_deadline_has_passed() {
        ScriptedRunner answering = new ScriptedRunner(Map.of());

        assertThatThrownBy(() -> run(answering, action(null, 0), clock.instant()))
                .isInstanceOf(ExecutionDeadlinePassed.class);
        assertThat(answering.invocations).isEmpty();
    }

    @Test
    void a_backoff_that_would_end_past_the_deadline_ends_the_execution_instead_of_waiting() {
        attempts = new ActionAttempts(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1),
                FixedRandom.highest()), DEFAULT_TIMEOUT, clock);
        ScriptedRunner failing = new ScriptedRunner(retryable());

        assertThatThrownBy(() -> run(failing, action(null, 3), clock.instant().plusSeconds(30)))
                .isInstanceOf(ExecutionDeadlinePassed.class);
        assertThat(failing.invocations).hasSize(1);
    }

    @Test
    void a_runner_keeping_its_own_time_is_run_once_on_the_callers_thread_with_the_whole_wait() throws Exception {
        ScriptedRunner waiting = ScriptedRunner.keepingItsOwnTime(retryable());

        ActionOutcome outcome = run(waiting, action(7, 3), farDeadline);

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("HTTP_503"));
        assertThat(waiting.invocations).singleElement()
                .satisfies(i -> assertThat(i.timeout()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(waiting.threads).containsExactly(Thread.currentThread());
    }
}
