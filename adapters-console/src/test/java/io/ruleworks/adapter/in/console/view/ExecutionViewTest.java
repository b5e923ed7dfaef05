package io.ruleworks.adapter.in.console.view;

import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionViewTest {

    private final MutableClock clock = MutableClock.standing();

    private static Map<String, Object> trace(String actual, boolean result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", "ticket.priority");
        m.put("operator", "equals");
        m.put("expected", "P1");
        m.put("actual", actual);
        m.put("result", result);
        return m;
    }

    @Test
    void the_conditions_shown_are_those_of_the_latest_attempt() {
        AutomationExecution execution = AutomationExecutions.anExecution().withActions(1).pending(clock);
        execution.start(clock.instant());
        execution.log(LogLevel.DEBUG, "first", Optional.empty(), trace("P2", false), clock.instant());
        execution.log(LogLevel.INFO, "Execution started (attempt 2)", Optional.empty(), Map.of(), clock.instant());
        execution.log(LogLevel.DEBUG, "second", Optional.empty(), trace("P1", true), clock.instant());

        ExecutionView view = ExecutionView.of(execution.state(), Optional.empty());

        assertThat(view.conditions()).containsExactly(
                new ExecutionView.ConditionRow("ticket.priority", "equals", "P1", "P1", true, ""));
    }

    @Test
    void a_failed_action_shows_its_error_attempts_and_duration() {
        AutomationExecution execution = AutomationExecutions.anExecution().withActions(1).pending(clock);
        execution.start(clock.instant());
        execution.actionFailed(0, 1, "HTTP_503", "Endpoint answered HTTP 503", 2, 1_250, false, clock.instant());

        ExecutionView.ActionRow action = ExecutionView.of(execution.state(), Optional.empty()).actions().getFirst();

        assertThat(action.failed()).isTrue();
        assertThat(action.errorCode()).hasValue("HTTP_503");
        assertThat(action.errorMessage()).hasValue("Endpoint answered HTTP 503");
        assertThat(action.attempts()).isEqualTo("2");
        assertThat(action.duration()).isEqualTo("1250 ms");
    }
}
