package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static io.ruleworks.domain.execution.ExecutionStatus.CANCELLED;
import static io.ruleworks.domain.execution.ExecutionStatus.COMPLETED;
import static io.ruleworks.domain.execution.ExecutionStatus.FAILED;
import static io.ruleworks.domain.execution.ExecutionStatus.PENDING;
import static io.ruleworks.domain.execution.ExecutionStatus.RUNNING;
import static io.ruleworks.domain.execution.ExecutionStatus.SKIPPED;
import static io.ruleworks.domain.execution.ExecutionStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionStatusTest {

    /** The lifecycle as documented: from -> to. */
    private static final Set<String> ALLOWED = Set.of(
            "PENDING->RUNNING", "PENDING->SKIPPED", "PENDING->CANCELLED",
            "RUNNING->COMPLETED", "RUNNING->FAILED", "RUNNING->TIMEOUT", "RUNNING->SKIPPED", "RUNNING->CANCELLED",
            "RUNNING->PENDING",
            "FAILED->PENDING",
            "TIMEOUT->PENDING");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING, RUNNING", "PENDING, SKIPPED", "PENDING, CANCELLED",
            "RUNNING, COMPLETED", "RUNNING, FAILED", "RUNNING, TIMEOUT", "RUNNING, SKIPPED", "RUNNING, CANCELLED",
            "RUNNING, PENDING",
            "FAILED, PENDING", "TIMEOUT, PENDING"})
    void an_allowed_move_is_allowed(ExecutionStatus from, ExecutionStatus to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING, COMPLETED", "PENDING, FAILED", "PENDING, TIMEOUT", "PENDING, PENDING",
            "RUNNING, RUNNING",
            "FAILED, RUNNING", "FAILED, COMPLETED", "FAILED, CANCELLED",
            "TIMEOUT, RUNNING", "TIMEOUT, COMPLETED",
            "COMPLETED, PENDING", "COMPLETED, RUNNING", "COMPLETED, FAILED",
            "CANCELLED, PENDING", "CANCELLED, RUNNING",
            "SKIPPED, PENDING", "SKIPPED, RUNNING"})
    void a_forbidden_move_is_refused(ExecutionStatus from, ExecutionStatus to) {
        assertThat(from.canMoveTo(to)).isFalse();
    }

    @Test
    void the_table_allows_exactly_the_documented_moves_and_nothing_else() {
        Set<String> allowed = new HashSet<>();
        for (ExecutionStatus from : ExecutionStatus.values()) {
            for (ExecutionStatus to : ExecutionStatus.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(from + "->" + to);
                }
            }
        }

        assertThat(allowed).isEqualTo(ALLOWED);
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "CANCELLED", "SKIPPED"})
    void a_final_state_leads_nowhere(ExecutionStatus status) {
        assertThat(status.next()).isEmpty();
    }

    @Test
    void only_pending_and_running_executions_are_in_flight() {
        Set<ExecutionStatus> inFlight = EnumSet.noneOf(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (status.isInFlight()) {
                inFlight.add(status);
            }
        }

        assertThat(inFlight).containsExactlyInAnyOrder(PENDING, RUNNING);
    }

    @Test
    void statuses_travel_in_lower_case() {
        assertThat(ExecutionStatus.values()).extracting(ExecutionStatus::wire)
                .containsExactly("pending", "running", "completed", "failed", "cancelled", "timeout", "skipped");
    }
}
