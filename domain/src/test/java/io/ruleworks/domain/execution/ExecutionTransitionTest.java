package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ruleworks.domain.execution.ExecutionStatus.FAILED;
import static io.ruleworks.domain.execution.ExecutionStatus.PENDING;
import static io.ruleworks.domain.execution.ExecutionStatus.RUNNING;
import static io.ruleworks.domain.execution.ExecutionStatus.TIMEOUT;
import static io.ruleworks.domain.fixtures.AutomationExecutions.anExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExecutionTransitionTest {

    @Test
    void a_retry_is_a_move_of_the_table_from_failed_or_timed_out_to_pending() {
        assertThat(ExecutionTransition.RETRY.from()).containsExactlyInAnyOrder(FAILED, TIMEOUT);
        assertThat(ExecutionTransition.RETRY.target()).isEqualTo(PENDING);
    }

    @Test
    void a_running_execution_goes_back_to_pending_only_by_requeue_not_by_retry() {
        assertThat(ExecutionTransition.REQUEUE.allowedFrom(RUNNING)).isTrue();
        assertThat(ExecutionTransition.RETRY.allowedFrom(RUNNING)).isFalse();
        assertThat(RUNNING.canMoveTo(PENDING)).isTrue();
    }

    @Test
    void exactly_failed_and_timed_out_executions_are_retryable() {
        Set<ExecutionStatus> retryable = Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isRetryable)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ExecutionStatus.class)));

        assertThat(retryable).containsExactlyInAnyOrder(FAILED, TIMEOUT);
    }

    @Test
    void every_move_but_the_requeue_records_an_event_and_each_its_own() {
        assertThat(Arrays.stream(ExecutionTransition.values()).filter(t -> t.event().isEmpty()))
                .containsExactly(ExecutionTransition.REQUEUE);
        assertThat(Arrays.stream(ExecutionTransition.values()).flatMap(t -> t.event().stream()).distinct())
                .hasSize(ExecutionTransition.values().length - 1);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class, names = {"PENDING", "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "SKIPPED"})
    void only_a_running_execution_can_be_requeued(ExecutionStatus status) {
        ExecutionState state = anExecution().pending(java.time.Clock.systemUTC()).state();
        ExecutionState in = new ExecutionState(state.id(), state.tenant(), state.ruleId(), state.triggerType(),
                state.triggerData(), status, state.priority(), state.startedAt(), state.completedAt(),
                state.durationMs(), state.actionsTotal(), 0, 0, state.errorMessage(), state.errorStack(),
                state.failedActionIndex(), state.executionContext(), state.logs(), state.createdAt(),
                state.updatedAt(), state.availableAt(), 0, 0, state.parentExecutionId(), 0,
                state.idempotencyKey(), state.requestHash());

        InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                () -> in.requeued(Instant.EPOCH));

        assertThat(refused).isNotNull();
        assertThat(refused.details()).containsEntry("current_status", status.wire());
    }

    @Test
    void the_events_keep_their_public_names() {
        assertThat(Arrays.stream(ExecutionEvent.Kind.values()).map(ExecutionEvent.Kind::type)).containsExactly(
                "automation.execution.created", "automation.execution.started", "automation.execution.completed",
                "automation.execution.failed", "automation.execution.timeout", "automation.execution.cancelled",
                "automation.execution.skipped", "automation.execution.retried");
    }
}
