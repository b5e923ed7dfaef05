package io.ruleworks.domain.execution;

import io.ruleworks.domain.fixtures.MutableClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.ruleworks.domain.fixtures.AutomationExecutions.anExecution;
import static org.assertj.core.api.Assertions.assertThat;

class AutomationExecutionPropertyTest {

    private final MutableClock clock = MutableClock.standing();

    /** A running execution that recorded one outcome per action, in order, carrying on after every failure. */
    private AutomationExecution ranWith(List<Boolean> succeeded) {
        AutomationExecution execution = anExecution().withActions(succeeded.size()).pending(clock);
        execution.start(clock.instant());
        for (int i = 0; i < succeeded.size(); i++) {
            if (succeeded.get(i)) {
                execution.actionSucceeded(i, i + 1, Map.of("i", i), 1, 1, clock.instant());
            } else {
                execution.actionFailed(i, i + 1, "E" + i, "failure " + i, 1, 1, true, clock.instant());
            }
        }
        return execution;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(AutomationExecution execution) {
        return (Map<String, Object>) execution.context().toJson().getOrDefault("actions", Map.of());
    }

    @Property
    void counters_and_the_first_failure_follow_the_recorded_outcomes(@ForAll @Size(max = 30) List<Boolean> succeeded) {
        AutomationExecution execution = ranWith(succeeded);

        ExecutionState state = execution.state();
        int firstFailure = succeeded.indexOf(false);
        assertThat(state.actionsSuccessful()).isEqualTo(succeeded.stream().filter(s -> s).count());
        assertThat(state.actionsFailed()).isEqualTo(succeeded.stream().filter(s -> !s).count());
        assertThat(state.failedActionIndex()).isEqualTo(firstFailure < 0 ? Optional.empty() : Optional.of(firstFailure));
        assertThat(results(execution).keySet()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, succeeded.size()).mapToObj(String::valueOf).toList());
    }

    @Property
    void a_retry_from_the_failed_action_keeps_exactly_the_results_before_it(
            @ForAll @Size(max = 30) List<Boolean> succeeded, @ForAll @IntRange(min = 0, max = 30) int failAt) {
        int failure = Math.min(failAt, succeeded.size());
        List<Boolean> outcomes = new java.util.ArrayList<>(succeeded);
        outcomes.add(failure, false);
        AutomationExecution execution = ranWith(outcomes);
        execution.fail("stopped", Optional.empty(), clock.instant());

        execution.retry(RetryFrom.FAILED_ACTION, clock.instant(), clock.instant());

        int firstFailure = outcomes.indexOf(false);
        assertThat(execution.resumeFromIndex()).contains(firstFailure);
        assertThat(results(execution).keySet()).isEqualTo(IntStream.rangeClosed(1, firstFailure)
                .mapToObj(String::valueOf).collect(Collectors.toSet()));
        assertThat(execution.state().actionsSuccessful()).isEqualTo(firstFailure);
        assertThat(execution.state().actionsFailed()).isZero();
    }

    @Property(tries = 50)
    void the_log_never_grows_past_its_limit_and_warns_at_most_once(@ForAll @IntRange(max = 1_200) int extra) {
        AutomationExecution execution = anExecution().pending(clock);
        for (int i = 0; i < extra; i++) {
            execution.log(LogLevel.INFO, "line " + i, Optional.empty(), Map.of(), clock.instant());
        }

        List<ExecutionLogEntry> logs = execution.state().logs();
        int wanted = 1 + extra;
        int limit = AutomationExecution.MAX_LOG_ENTRIES;
        assertThat(logs).hasSize(wanted <= limit ? wanted : limit + 1);
        assertThat(logs).filteredOn(e -> e.message().startsWith("Log truncated")).hasSize(wanted <= limit ? 0 : 1);
    }
}
