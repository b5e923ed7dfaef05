package io.ruleworks.domain.execution;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.AutomationExecutions.anExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionContextTest {

    private final MutableClock clock = MutableClock.standing();

    /** A stored execution_context as the engine writes it after a failed run retried from its failed action. */
    private static Map<String, Object> stored() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trigger", "manual");
        json.put("override_conditions", false);
        json.put("lineage", Map.of("chain", List.of("r1")));
        json.put("actions", Map.of("1", Json.object("index", 0, "status", "completed",
                "result", Map.of("status_code", 200), "attempts", 1, "duration_ms", 12L)));
        json.put("previous_attempts", List.of(Json.object("attempt", 1, "status", "failed",
                "started_at", "2026-01-01T00:00:00Z", "completed_at", "2026-01-01T00:00:01.500Z",
                "duration_ms", 1500L, "actions_successful", 1, "actions_failed", 1,
                "error_message", "Action 2 failed", "failed_action_index", 1)));
        json.put("resume_from_index", 1);
        json.put("retry_keys", Map.of("k-1", "failed_action"));
        return json;
    }

    @Nested
    class Json_shape {

        @Test
        void a_stored_context_reads_into_types_and_writes_back_the_same() {
            ExecutionContext context = ExecutionContext.fromJson(stored());

            assertThat(context.toJson()).isEqualTo(stored());
        }

        @Test
        void the_run_state_reads_as_types() {
            ExecutionContext context = ExecutionContext.fromJson(stored());

            assertThat(context.triggerDetails()).containsOnlyKeys("trigger", "override_conditions", "lineage");
            assertThat(context.actionResults().of(1)).contains(ActionResult.completed(0, Map.of("status_code", 200), 1, 12));
            assertThat(context.previousAttempts().attempts()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(ExecutionStatus.FAILED);
                assertThat(a.durationMs()).contains(1500L);
                assertThat(a.completedAt()).contains(Instant.parse("2026-01-01T00:00:01.500Z"));
            });
            assertThat(context.resumePoint()).contains(new ResumePoint(1));
            assertThat(context.retryKeys().of("k-1")).contains(RetryFrom.FAILED_ACTION);
        }

        @Test
        void a_failed_action_is_stored_with_its_error_and_an_empty_result() {
            assertThat(ActionResult.failed(2, "HTTP_500", "server error", 3, 40).toJson()).isEqualTo(Json.object(
                    "index", 2, "status", "failed", "result", Map.of(), "attempts", 3, "duration_ms", 40L,
                    "error", Json.object("code", "HTTP_500", "message", "server error")));
        }

        @Test
        void a_new_context_has_no_run_state_members() {
            ExecutionContext context = ExecutionContext.triggered(Map.of("trigger", "webhook"));

            assertThat(context.toJson()).containsOnlyKeys("trigger");
        }

        @Test
        void actions_reached_without_a_result_yet_are_an_empty_object_not_a_missing_one() {
            ExecutionContext reached = ExecutionContext.triggered(Map.of()).withActions(ActionResults.NONE);

            assertThat(reached.toJson()).containsEntry("actions", Map.of());
            assertThat(ExecutionContext.fromJson(reached.toJson())).isEqualTo(reached);
        }

        @Test
        void the_trigger_details_read_from_json_are_kept_not_copied_as_the_run_moves_on() {
            ExecutionContext context = ExecutionContext.fromJson(stored());

            ExecutionContext moved = context.withActions(ActionResults.NONE).withRetryKey("k-2", RetryFrom.START);

            assertThat(moved.triggerDetails()).isSameAs(context.triggerDetails());
        }

        @Test
        void trigger_details_cannot_hold_the_run_state() {
            assertThatThrownBy(() -> ExecutionContext.triggered(Map.of("actions", Map.of())))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void trigger_details_cannot_be_changed_from_outside() {
            Map<String, Object> details = new LinkedHashMap<>(Map.of("webhook", new LinkedHashMap<>(Map.of("a", 1))));
            ExecutionContext context = ExecutionContext.triggered(details);

            assertThatThrownBy(() -> context.triggerDetails().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ((Map<String, Object>) context.triggerDetails().get("webhook")).put("b", 2))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Value_objects {

        @Test
        void recording_an_action_again_replaces_its_result_in_place() {
            ActionResults results = ActionResults.NONE
                    .with(1, ActionResult.completed(0, Map.of(), 1, 1))
                    .with(2, ActionResult.failed(1, "A", "a", 1, 1))
                    .with(1, ActionResult.failed(0, "B", "b", 2, 2));

            assertThat(results.byOrder().keySet()).containsExactly(1, 2);
            assertThat(results.of(1).orElseThrow().completed()).isFalse();
        }

        @Test
        void a_resume_keeps_only_completed_results_before_the_resume_point() {
            ActionResults results = ActionResults.NONE
                    .with(1, ActionResult.completed(0, Map.of(), 1, 1))
                    .with(2, ActionResult.failed(1, "A", "a", 1, 1))
                    .with(3, ActionResult.completed(2, Map.of(), 1, 1));

            assertThat(results.completedBefore(2).byOrder().keySet()).containsExactly(1);
        }

        @Test
        void a_result_without_an_index_is_never_kept_by_a_resume() {
            ActionResults read = ActionResults.fromJson(Map.of("1", Map.of("status", "completed", "result", Map.of())));

            assertThat(read.completedBefore(5).isEmpty()).isTrue();
        }

        @Test
        void only_a_failed_result_carries_an_error() {
            assertThatThrownBy(() -> new ActionResult(0, ActionResult.Outcome.COMPLETED, Map.of(), 1, 1,
                    Optional.of(new ActionResult.ActionError("A", "a")))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void previous_attempts_keep_the_latest_twenty() {
            PreviousAttempts attempts = PreviousAttempts.NONE;
            for (int i = 1; i <= 25; i++) {
                attempts = attempts.then(new Attempt(i, ExecutionStatus.FAILED, Optional.empty(), Optional.empty(),
                        Optional.empty(), 0, 1, Optional.empty(), Optional.empty()));
            }

            assertThat(attempts.attempts()).hasSize(PreviousAttempts.MAX);
            assertThat(attempts.attempts().getFirst().number()).isEqualTo(6);
        }

        @Test
        void a_resume_point_is_an_action_index() {
            assertThatThrownBy(() -> new ResumePoint(-1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void retry_keys_remember_where_each_retry_started() {
            RetryKeys keys = RetryKeys.NONE.with("a", RetryFrom.START).with("b", RetryFrom.FAILED_ACTION);

            assertThat(keys.of("b")).contains(RetryFrom.FAILED_ACTION);
            assertThat(keys.of("c")).isEmpty();
            assertThat(keys.toJson()).isEqualTo(Map.of("a", "start", "b", "failed_action"));
        }

        @Test
        void an_unknown_retry_origin_is_not_read() {
            assertThat(RetryKeys.fromJson(Map.of("a", "sideways")).isEmpty()).isTrue();
        }
    }

    @Nested
    class Triggered_executions {

        @Test
        void a_triggered_execution_records_its_trigger_details_then_its_lineage() {
            AutomationExecution execution = anExecution().triggeredBy(io.ruleworks.domain.rule.TriggerType.WEBHOOK)
                    .withContext("webhook", Map.of("delivery_id", "d1")).pending(clock);

            Map<String, Object> json = execution.context().toJson();

            assertThat(json.keySet()).containsExactly("trigger", "webhook", "lineage");
            assertThat(json).containsEntry("trigger", "webhook");
            assertThat(execution.context().chain()).containsExactly(execution.ruleId().toString());
        }

        @Test
        void a_trigger_cannot_write_the_run_state_or_the_lineage_as_a_detail() {
            assertThatThrownBy(() -> anExecution().withContext("retry_keys", Map.of()).trigger())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> anExecution().withContext("lineage", Map.of()).trigger())
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_manual_run_may_override_the_conditions() {
            assertThat(anExecution().withContext("override_conditions", true).pending(clock).context()
                    .overridesConditions()).isTrue();
            assertThat(anExecution().pending(clock).context().overridesConditions()).isFalse();
        }
    }

    @Nested
    class Retry_keys_on_the_aggregate {

        private AutomationExecution failed() {
            AutomationExecution execution = anExecution().withActions(2).pending(clock);
            execution.start(clock.instant());
            execution.actionSucceeded(0, 1, Map.of(), 1, 1, clock.instant());
            execution.actionFailed(1, 2, "A", "boom", 1, 1, false, clock.instant());
            execution.fail("Action 2 failed", Optional.empty(), clock.instant());
            return execution;
        }

        @Test
        void a_retry_with_an_idempotency_key_remembers_where_it_started() {
            AutomationExecution execution = failed();

            execution.retry(RetryFrom.FAILED_ACTION, Optional.of("k-1"), clock.instant(), clock.instant());

            assertThat(execution.retriedWith("k-1")).contains(RetryFrom.FAILED_ACTION);
            assertThat(execution.context().toJson()).containsEntry("retry_keys", Map.of("k-1", "failed_action"));
        }

        @Test
        void a_retry_without_a_key_remembers_none() {
            AutomationExecution execution = failed();

            execution.retry(RetryFrom.START, clock.instant(), clock.instant());

            assertThat(execution.context().toJson()).doesNotContainKey("retry_keys");
        }

        @Test
        void the_keys_of_earlier_retries_are_kept_by_later_ones() {
            AutomationExecution execution = failed();
            execution.retry(RetryFrom.START, Optional.of("k-1"), clock.instant(), clock.instant());
            execution.start(clock.instant());
            execution.timeOut(Duration.ofMinutes(1), clock.instant());

            execution.retry(RetryFrom.START, Optional.of("k-2"), clock.instant(), clock.instant());

            assertThat(execution.context().retryKeys().byKey()).containsOnlyKeys("k-1", "k-2");
        }

        @Test
        void a_refused_retry_remembers_no_key() {
            AutomationExecution execution = anExecution().pending(clock);

            assertThatThrownBy(() -> execution.retry(RetryFrom.START, Optional.of("k-1"), clock.instant(),
                    clock.instant())).isInstanceOf(InvalidTransitionException.class);
            assertThat(execution.retriedWith("k-1")).isEmpty();
        }

        @Test
        void the_context_survives_a_round_trip_through_its_json() {
            AutomationExecution execution = failed();
            execution.retry(RetryFrom.FAILED_ACTION, Optional.of("k-1"), clock.instant(), clock.instant());
            List<Object> copy = new ArrayList<>(List.of(execution.context().toJson()));

            @SuppressWarnings("unchecked")
            ExecutionContext read = ExecutionContext.fromJson((Map<String, Object>) copy.getFirst());

            assertThat(read).isEqualTo(execution.context());
        }
    }
}
