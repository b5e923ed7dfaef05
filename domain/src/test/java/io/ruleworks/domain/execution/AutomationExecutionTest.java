package io.ruleworks.domain.execution;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static io.ruleworks.domain.execution.ExecutionStatus.CANCELLED;
import static io.ruleworks.domain.execution.ExecutionStatus.COMPLETED;
import static io.ruleworks.domain.execution.ExecutionStatus.FAILED;
import static io.ruleworks.domain.execution.ExecutionStatus.PENDING;
import static io.ruleworks.domain.execution.ExecutionStatus.RUNNING;
import static io.ruleworks.domain.execution.ExecutionStatus.SKIPPED;
import static io.ruleworks.domain.execution.ExecutionStatus.TIMEOUT;
import static io.ruleworks.domain.fixtures.AutomationExecutions.anExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AutomationExecutionTest {

    private final MutableClock clock = MutableClock.standing();

    private Instant now() {
        return clock.instant();
    }

    /** A new execution with {@code actions} actions, moved to {@code status} through its own transitions, events drained. */
    private AutomationExecution executionIn(ExecutionStatus status, int actions) {
        AutomationExecution execution = anExecution().withActions(actions).pending(clock);
        switch (status) {
            case PENDING -> {
            }
            case RUNNING -> execution.start(now());
            case COMPLETED -> {
                execution.start(now());
                execution.complete(now());
            }
            case FAILED -> {
                execution.start(now());
                execution.fail("boom", Optional.empty(), now());
            }
            case TIMEOUT -> {
                execution.start(now());
                execution.timeOut(Duration.ofMinutes(5), now());
            }
            case SKIPPED -> execution.skip("conditions do not hold", now());
            case CANCELLED -> execution.cancel("no longer needed", now());
        }
        execution.drainEvents();
        return execution;
    }

    private AutomationExecution executionIn(ExecutionStatus status) {
        return executionIn(status, 1);
    }

    private static List<String> messages(AutomationExecution execution) {
        return execution.state().logs().stream().map(ExecutionLogEntry::message).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(AutomationExecution execution) {
        return (Map<String, Object>) execution.context().toJson().getOrDefault("actions", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> previousAttempts(AutomationExecution execution) {
        return (List<Map<String, Object>>) execution.context().toJson().getOrDefault("previous_attempts", List.of());
    }

    @Nested
    class Creation {

        @Test
        void a_pending_execution_records_a_created_event() {
            AutomationExecution execution = anExecution().pending(clock);

            assertThat(execution.drainEvents()).containsExactly(new ExecutionEvent(ExecutionEvent.Kind.CREATED, execution.tenant(),
                    execution.id(), execution.ruleId(), now()));
        }

        @Test
        void a_pending_execution_starts_its_log_with_how_it_was_triggered() {
            AutomationExecution execution = anExecution().pending(clock);

            assertThat(execution.state().logs()).singleElement().satisfies(entry -> {
                assertThat(entry.level()).isEqualTo(LogLevel.INFO);
                assertThat(entry.message()).isEqualTo("Execution created (trigger: manual)");
                assertThat(entry.timestamp()).isEqualTo(now());
            });
        }

        @Test
        void a_pending_execution_is_due_at_once_and_has_not_run() {
            ExecutionState state = anExecution().pending(clock).state();

            assertThat(state.status()).isEqualTo(PENDING);
            assertThat(state.availableAt()).isEqualTo(now());
            assertThat(state.createdAt()).isEqualTo(now());
            assertThat(state.startedAt()).isEmpty();
            assertThat(state.attempt()).isZero();
            assertThat(state.retryCount()).isZero();
        }

        @Test
        void drained_events_are_handed_out_only_once() {
            AutomationExecution execution = anExecution().pending(clock);
            execution.drainEvents();

            assertThat(execution.drainEvents()).isEmpty();
        }
    }

    /** Every status-changing method, with the status it leads to and the event it records. */
    enum Move {
        START(RUNNING, ExecutionEvent.Kind.STARTED, (e, at) -> e.start(at)),
        COMPLETE(COMPLETED, ExecutionEvent.Kind.COMPLETED, (e, at) -> e.complete(at)),
        FAIL(FAILED, ExecutionEvent.Kind.FAILED, (e, at) -> e.fail("boom", Optional.empty(), at)),
        TIME_OUT(TIMEOUT, ExecutionEvent.Kind.TIMED_OUT, (e, at) -> e.timeOut(Duration.ofMinutes(5), at)),
        SKIP(SKIPPED, ExecutionEvent.Kind.SKIPPED, (e, at) -> e.skip("conditions do not hold", at)),
        CANCEL(CANCELLED, ExecutionEvent.Kind.CANCELLED, (e, at) -> e.cancel("no longer needed", at)),
        RETRY(PENDING, ExecutionEvent.Kind.RETRIED, (e, at) -> e.retry(RetryFrom.START, at, at));

        final ExecutionStatus target;
        final ExecutionEvent.Kind event;
        final BiConsumer<AutomationExecution, Instant> apply;

        Move(ExecutionStatus target, ExecutionEvent.Kind event, BiConsumer<AutomationExecution, Instant> apply) {
            this.target = target;
            this.event = event;
            this.apply = apply;
        }

        /** The documented lifecycle, written out here rather than read from ExecutionStatus. */
        Set<ExecutionStatus> allowedFrom() {
            return switch (this) {
                case START -> EnumSet.of(PENDING);
                case COMPLETE, FAIL, TIME_OUT -> EnumSet.of(RUNNING);
                case SKIP, CANCEL -> EnumSet.of(PENDING, RUNNING);
                case RETRY -> EnumSet.of(FAILED, TIMEOUT);
            };
        }
    }

    static Stream<Arguments> allowedMoves() {
        return Arrays.stream(Move.values())
                .flatMap(m -> m.allowedFrom().stream().map(from -> Arguments.of(from, m)));
    }

    static Stream<Arguments> refusedMoves() {
        return Arrays.stream(Move.values()).flatMap(m -> Arrays.stream(ExecutionStatus.values())
                .filter(from -> !m.allowedFrom().contains(from)).map(from -> Arguments.of(from, m)));
    }

    @Nested
    class Transitions {

        @ParameterizedTest(name = "{1} from {0}")
        @MethodSource("io.ruleworks.domain.execution.AutomationExecutionTest#allowedMoves")
        void an_allowed_move_changes_the_status_and_records_its_event(ExecutionStatus from, Move move) {
            AutomationExecution execution = executionIn(from);

            move.apply.accept(execution, now());

            assertThat(execution.status()).isEqualTo(move.target);
            assertThat(execution.drainEvents()).singleElement().extracting(ExecutionEvent::kind).isEqualTo(move.event);
        }

        @ParameterizedTest(name = "{1} from {0}")
        @MethodSource("io.ruleworks.domain.execution.AutomationExecutionTest#refusedMoves")
        void a_forbidden_move_is_refused_with_the_current_status(ExecutionStatus from, Move move) {
            AutomationExecution execution = executionIn(from);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> move.apply.accept(execution, now()));

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo("INVALID_EXECUTION_STATUS");
            assertThat(refused.details()).containsEntry("current_status", from.wire());
        }

        @ParameterizedTest(name = "{1} from {0}")
        @MethodSource("io.ruleworks.domain.execution.AutomationExecutionTest#refusedMoves")
        void a_forbidden_move_changes_nothing(ExecutionStatus from, Move move) {
            AutomationExecution execution = executionIn(from);
            ExecutionState before = execution.state();

            catchThrowableOfType(InvalidTransitionException.class, () -> move.apply.accept(execution, now()));

            assertThat(execution.state()).isEqualTo(before);
            assertThat(execution.drainEvents()).isEmpty();
        }

        @Test
        void starting_counts_the_attempt_and_records_the_start_time() {
            AutomationExecution execution = executionIn(PENDING);
            clock.advance(Duration.ofSeconds(3));

            execution.start(now());

            assertThat(execution.state().attempt()).isEqualTo(1);
            assertThat(execution.startedAt()).contains(now());
        }

        @Test
        void a_run_taken_again_after_a_lost_lease_keeps_the_first_start() {
            AutomationExecution execution = executionIn(PENDING);
            execution.start(now());
            Instant first = now();
            AutomationExecution requeued = AutomationExecution.reconstitute(execution.state().requeued(now()));
            clock.advance(Duration.ofMinutes(5));

            requeued.start(now());

            assertThat(requeued.state().attempt()).isEqualTo(2);
            assertThat(requeued.startedAt()).contains(first);
        }

        @Test
        void recording_an_action_outside_a_run_is_refused() {
            AutomationExecution execution = executionIn(PENDING);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> execution.actionSucceeded(0, 1, Map.of(), 1, 5, now()));

            assertThat(refused).isNotNull();
            assertThat(refused.details()).containsEntry("current_status", "pending");
            assertThat(execution.state().actionsSuccessful()).isZero();
        }

        @Test
        void recording_a_failed_action_after_the_end_is_refused() {
            AutomationExecution execution = executionIn(COMPLETED);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> execution.actionFailed(0, 1, "X", "late", 1, 5, false, now()));

            assertThat(refused).isNotNull();
            assertThat(refused.details()).containsEntry("current_status", "completed");
            assertThat(execution.state().actionsFailed()).isZero();
        }
    }

    @Nested
    class Durations {

        @Test
        void the_duration_runs_from_start_to_completion_by_the_clock() {
            AutomationExecution execution = executionIn(PENDING);
            Instant started = now();
            execution.start(started);
            clock.advance(Duration.ofMillis(1_234));

            execution.complete(now());

            ExecutionState state = execution.state();
            assertThat(state.startedAt()).contains(started);
            assertThat(state.completedAt()).contains(started.plusMillis(1_234));
            assertThat(state.durationMs()).contains(1_234L);
        }

        @Test
        void a_failed_execution_has_a_duration_too() {
            AutomationExecution execution = executionIn(RUNNING);
            clock.advance(Duration.ofSeconds(2));

            execution.fail("boom", Optional.empty(), now());

            assertThat(execution.state().durationMs()).contains(2_000L);
        }

        @Test
        void an_execution_cancelled_before_it_started_took_no_time() {
            AutomationExecution execution = executionIn(PENDING);
            clock.advance(Duration.ofMinutes(10));

            execution.cancel("no longer needed", now());

            assertThat(execution.state().completedAt()).contains(now());
            assertThat(execution.state().durationMs()).contains(0L);
        }
    }

    @Nested
    class ActionOutcomes {

        @Test
        void a_succeeded_action_is_counted_and_its_result_kept_under_its_order() {
            AutomationExecution execution = executionIn(RUNNING, 2);

            execution.actionSucceeded(0, 10, Map.of("id", 42), 2, 30, now());

            assertThat(execution.state().actionsSuccessful()).isEqualTo(1);
            assertThat(results(execution)).containsOnlyKeys("10");
            assertThat(results(execution).get("10")).isEqualTo(Map.of("index", 0, "status", "completed",
                    "result", Map.of("id", 42), "attempts", 2, "duration_ms", 30L));
        }

        @Test
        void a_failed_action_is_counted_with_its_error() {
            AutomationExecution execution = executionIn(RUNNING, 2);

            execution.actionFailed(1, 2, "HTTP_500", "server error", 3, 40, false, now());

            assertThat(execution.state().actionsFailed()).isEqualTo(1);
            assertThat(execution.state().actionsSuccessful()).isZero();
            assertThat(results(execution).get("2")).isEqualTo(Map.of("index", 1, "status", "failed",
                    "result", Map.of(), "attempts", 3, "duration_ms", 40L,
                    "error", Map.of("code", "HTTP_500", "message", "server error")));
        }

        @Test
        void the_failed_action_index_is_that_of_the_first_failure() {
            AutomationExecution execution = executionIn(RUNNING, 4);
            execution.actionSucceeded(0, 1, Map.of(), 1, 1, now());
            execution.actionFailed(1, 2, "A", "first", 1, 1, true, now());

            execution.actionFailed(3, 4, "B", "second", 1, 1, false, now());

            assertThat(execution.state().failedActionIndex()).contains(1);
            assertThat(execution.state().actionsFailed()).isEqualTo(2);
            assertThat(execution.state().actionsSuccessful()).isEqualTo(1);
        }

        @Test
        void a_failure_the_run_carries_on_after_is_logged_as_a_warning() {
            AutomationExecution execution = executionIn(RUNNING, 2);

            execution.actionFailed(0, 1, "A", "flaky", 1, 1, true, now());

            assertThat(execution.state().logs().getLast()).satisfies(entry -> {
                assertThat(entry.level()).isEqualTo(LogLevel.WARN);
                assertThat(entry.actionIndex()).contains(0);
                assertThat(entry.message()).contains("continue_on_error");
            });
        }

        @Test
        void results_are_what_later_templates_see() {
            AutomationExecution execution = executionIn(RUNNING, 2);

            execution.actionSucceeded(0, 1, Map.of("x", "y"), 1, 1, now());

            assertThat(execution.actionResultsView()).extractingByKey("1")
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("result", Map.of("x", "y"));
        }
    }

    @Nested
    class Failing {

        @Test
        void a_failure_keeps_its_message_and_stack_and_records_the_event() {
            AutomationExecution execution = executionIn(RUNNING);

            execution.fail("Action 1 failed", Optional.of("HTTP_500: server error"), now());

            ExecutionState state = execution.state();
            assertThat(state.errorMessage()).contains("Action 1 failed");
            assertThat(state.errorStack()).contains("HTTP_500: server error");
            assertThat(execution.drainEvents()).containsExactly(new ExecutionEvent(ExecutionEvent.Kind.FAILED, execution.tenant(),
                    execution.id(), execution.ruleId(), now()));
        }

        @Test
        void the_failure_log_entry_points_at_the_failed_action() {
            AutomationExecution execution = executionIn(RUNNING, 3);
            execution.actionFailed(2, 3, "X", "broken", 1, 1, false, now());

            execution.fail("Action 3 failed", Optional.empty(), now());

            assertThat(execution.state().logs().getLast()).satisfies(entry -> {
                assertThat(entry.level()).isEqualTo(LogLevel.ERROR);
                assertThat(entry.actionIndex()).contains(2);
            });
        }

        @Test
        void a_long_error_stack_is_cut_to_its_bound() {
            AutomationExecution execution = executionIn(RUNNING);
            String stack = "a".repeat(AutomationExecution.MAX_ERROR_STACK) + "b".repeat(500);

            execution.fail("boom", Optional.of(stack), now());

            assertThat(execution.state().errorStack()).contains("a".repeat(AutomationExecution.MAX_ERROR_STACK));
        }

        @Test
        void a_time_out_says_which_limit_was_exceeded() {
            AutomationExecution execution = executionIn(RUNNING);

            execution.timeOut(Duration.ofMinutes(15), now());

            assertThat(execution.state().errorMessage()).contains("Execution exceeded its timeout of 15 minute(s)");
            assertThat(execution.drainEvents()).singleElement().extracting(ExecutionEvent::kind).isEqualTo(ExecutionEvent.Kind.TIMED_OUT);
        }
    }

    @Nested
    class Retrying {

        /** Action 1 succeeded, action 2 failed and stopped the run. */
        private AutomationExecution failedAtSecondAction() {
            AutomationExecution execution = executionIn(RUNNING, 3);
            execution.actionSucceeded(0, 1, Map.of("id", 1), 1, 10, now());
            clock.advance(Duration.ofMillis(500));
            execution.actionFailed(1, 2, "HTTP_500", "server error", 1, 20, false, now());
            execution.fail("Action 2 failed", Optional.of("HTTP_500: server error"), now());
            execution.drainEvents();
            return execution;
        }

        @Test
        void a_retry_from_the_start_clears_completion_errors_and_counters() {
            AutomationExecution execution = failedAtSecondAction();
            Instant later = now().plusSeconds(30);

            execution.retry(RetryFrom.START, later, now());

            ExecutionState state = execution.state();
            assertThat(state.status()).isEqualTo(PENDING);
            assertThat(state.actionsSuccessful()).isZero();
            assertThat(state.actionsFailed()).isZero();
            assertThat(state.errorMessage()).isEmpty();
            assertThat(state.errorStack()).isEmpty();
            assertThat(state.completedAt()).isEmpty();
            assertThat(state.durationMs()).isEmpty();
            assertThat(state.failedActionIndex()).isEmpty();
            assertThat(state.availableAt()).isEqualTo(later);
            assertThat(results(execution)).isEmpty();
            assertThat(execution.resumeFromIndex()).isEmpty();
        }

        @Test
        void a_retry_counts_and_records_the_retried_event() {
            AutomationExecution execution = failedAtSecondAction();

            execution.retry(RetryFrom.START, now(), now());

            assertThat(execution.state().retryCount()).isEqualTo(1);
            assertThat(execution.drainEvents()).containsExactly(new ExecutionEvent(ExecutionEvent.Kind.RETRIED, execution.tenant(),
                    execution.id(), execution.ruleId(), now()));
        }

        @Test
        void a_retry_keeps_a_summary_of_the_attempt_before_it() {
            AutomationExecution execution = failedAtSecondAction();
            ExecutionState failed = execution.state();

            execution.retry(RetryFrom.START, now(), now());

            assertThat(previousAttempts(execution)).singleElement().isEqualTo(Map.of(
                    "attempt", 1, "status", "failed",
                    "started_at", failed.startedAt().orElseThrow().toString(),
                    "completed_at", failed.completedAt().orElseThrow().toString(),
                    "duration_ms", 500L, "actions_successful", 1, "actions_failed", 1,
                    "error_message", "Action 2 failed", "failed_action_index", 1));
        }

        @Test
        void a_timed_out_execution_can_be_retried_and_its_summary_says_timeout() {
            AutomationExecution execution = executionIn(TIMEOUT);

            execution.retry(RetryFrom.START, now(), now());

            assertThat(execution.status()).isEqualTo(PENDING);
            assertThat(previousAttempts(execution)).singleElement().extracting(s -> s.get("status"))
                    .isEqualTo("timeout");
        }

        @Test
        void only_the_latest_twenty_attempt_summaries_are_kept() {
            AutomationExecution execution = executionIn(PENDING);
            for (int i = 0; i < 25; i++) {
                execution.start(now());
                execution.fail("boom " + (i + 1), Optional.empty(), now());
                execution.retry(RetryFrom.START, now(), now());
            }

            List<Map<String, Object>> summaries = previousAttempts(execution);

            assertThat(summaries).hasSize(AutomationExecution.MAX_PREVIOUS_ATTEMPTS);
            assertThat(summaries.getFirst()).containsEntry("attempt", 6).containsEntry("error_message", "boom 6");
            assertThat(summaries.getLast()).containsEntry("attempt", 25).containsEntry("error_message", "boom 25");
            assertThat(execution.state().retryCount()).isEqualTo(25);
        }

        @Test
        void a_retry_from_the_failed_action_resumes_there_with_the_earlier_results() {
            AutomationExecution execution = failedAtSecondAction();

            execution.retry(RetryFrom.FAILED_ACTION, now(), now());

            assertThat(execution.resumeFromIndex()).contains(1);
            assertThat(results(execution)).containsOnlyKeys("1");
            assertThat(execution.state().actionsSuccessful()).isEqualTo(1);
            assertThat(execution.state().actionsFailed()).isZero();
        }

        @Test
        void a_retry_from_the_failed_action_drops_results_of_actions_after_it() {
            AutomationExecution execution = executionIn(RUNNING, 3);
            execution.actionSucceeded(0, 1, Map.of(), 1, 1, now());
            execution.actionFailed(1, 2, "A", "flaky", 1, 1, true, now());
            execution.actionSucceeded(2, 3, Map.of(), 1, 1, now());
            execution.fail("Action 2 failed", Optional.empty(), now());

            execution.retry(RetryFrom.FAILED_ACTION, now(), now());

            assertThat(results(execution)).containsOnlyKeys("1");
            assertThat(execution.state().actionsSuccessful()).isEqualTo(1);
            assertThat(execution.resumeFromIndex()).contains(1);
        }

        @Test
        void a_retry_from_the_failed_action_without_one_starts_over() {
            AutomationExecution execution = executionIn(RUNNING, 2);
            execution.actionSucceeded(0, 1, Map.of(), 1, 1, now());
            execution.timeOut(Duration.ofMinutes(1), now());

            execution.retry(RetryFrom.FAILED_ACTION, now(), now());

            assertThat(execution.resumeFromIndex()).isEmpty();
            assertThat(results(execution)).isEmpty();
        }

        @Test
        void a_retry_from_the_start_forgets_an_earlier_resume_point() {
            AutomationExecution execution = failedAtSecondAction();
            execution.retry(RetryFrom.FAILED_ACTION, now(), now());
            execution.start(now());
            execution.fail("again", Optional.empty(), now());

            execution.retry(RetryFrom.START, now(), now());

            assertThat(execution.resumeFromIndex()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = ExecutionStatus.class, names = {"COMPLETED", "CANCELLED", "PENDING", "RUNNING", "SKIPPED"})
        void a_retry_of_an_execution_that_did_not_fail_is_refused(ExecutionStatus status) {
            AutomationExecution execution = executionIn(status);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> execution.retry(RetryFrom.START, now(), now()));

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(InvalidTransitionException.CODE);
            assertThat(refused.details()).containsEntry("current_status", status.wire());
            assertThat(execution.state().retryCount()).isZero();
            assertThat(execution.context().toJson()).doesNotContainKey("previous_attempts");
        }
    }

    @Nested
    class Logs {

        @Test
        void a_log_entry_keeps_its_action_index_and_metadata() {
            AutomationExecution execution = executionIn(RUNNING);

            execution.log(LogLevel.DEBUG, "detail", Optional.of(3), Map.of("k", "v"), now());

            assertThat(execution.state().logs().getLast()).isEqualTo(new ExecutionLogEntry(now(), LogLevel.DEBUG,
                    "detail", Optional.of(3), Map.of("k", "v")));
        }

        @Test
        void the_log_stops_at_its_limit_with_one_warning() {
            AutomationExecution execution = executionIn(PENDING); // one entry already
            for (int i = 0; i < AutomationExecution.MAX_LOG_ENTRIES + 100; i++) {
                execution.log(LogLevel.INFO, "line " + i, Optional.empty(), Map.of(), now());
            }

            List<ExecutionLogEntry> logs = execution.state().logs();

            assertThat(logs).hasSize(AutomationExecution.MAX_LOG_ENTRIES + 1);
            assertThat(logs.get(AutomationExecution.MAX_LOG_ENTRIES - 1).message()).isEqualTo("line 498");
            assertThat(logs.getLast().level()).isEqualTo(LogLevel.WARN);
            assertThat(logs.getLast().message()).isEqualTo("Log truncated at 500 entries");
            assertThat(messages(execution)).filteredOn(m -> m.contains("truncated")).hasSize(1);
        }

        @Test
        void a_full_log_still_lets_the_execution_finish() {
            AutomationExecution execution = executionIn(RUNNING);
            for (int i = 0; i < AutomationExecution.MAX_LOG_ENTRIES; i++) {
                execution.log(LogLevel.INFO, "line " + i, Optional.empty(), Map.of(), now());
            }

            execution.complete(now());

            assertThat(execution.status()).isEqualTo(COMPLETED);
            assertThat(execution.state().logs()).hasSize(AutomationExecution.MAX_LOG_ENTRIES + 1);
        }
    }

    @Nested
    class Reconstitution {

        /** An execution that has been through a failure, a resumed retry and a second run. */
        private AutomationExecution wellTravelled() {
            AutomationExecution execution = anExecution().withActions(2)
                    .withIdempotencyKey("key-1", "hash-1").pending(clock);
            execution.start(now());
            execution.actionSucceeded(0, 1, Map.of("id", 7), 1, 5, now());
            execution.actionFailed(1, 2, "X", "broken", 2, 6, false, now());
            execution.fail("Action 2 failed", Optional.of("X: broken"), now());
            execution.retry(RetryFrom.FAILED_ACTION, now().plusSeconds(5), now());
            clock.advance(Duration.ofSeconds(5));
            execution.start(now());
            execution.drainEvents();
            return execution;
        }

        @Test
        void the_state_survives_a_round_trip() {
            ExecutionState state = wellTravelled().state();

            assertThat(AutomationExecution.reconstitute(state).state()).isEqualTo(state);
        }

        @Test
        void a_reconstituted_execution_carries_on_where_it_was() {
            AutomationExecution copy = AutomationExecution.reconstitute(wellTravelled().state());

            copy.actionSucceeded(1, 2, Map.of(), 1, 1, now());
            copy.complete(now());

            assertThat(copy.state().actionsSuccessful()).isEqualTo(2);
            assertThat(copy.state().attempt()).isEqualTo(2);
            assertThat(copy.state().retryCount()).isEqualTo(1);
        }

        @Test
        void a_reconstituted_execution_does_not_share_its_context_with_the_state() {
            ExecutionState state = wellTravelled().state();
            AutomationExecution copy = AutomationExecution.reconstitute(state);

            copy.actionSucceeded(1, 2, Map.of(), 1, 1, now());

            assertThat(results(AutomationExecution.reconstitute(state))).containsOnlyKeys("1");
        }

        @Test
        void trigger_data_may_hold_json_nulls() {
            Map<String, Object> data = Json.object("ticket", Json.object("id", "T-1"), "assignee", null);
            AutomationExecution execution = anExecution().withTriggerData(data).pending(clock);

            ExecutionState state = AutomationExecution.reconstitute(execution.state()).state();

            assertThat(state.triggerData()).containsEntry("assignee", null).containsKey("ticket");
        }
    }
}
