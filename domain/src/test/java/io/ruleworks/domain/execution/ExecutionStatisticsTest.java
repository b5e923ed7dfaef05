package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionStatisticsTest {

    private static ExecutionStatistics finished(long successful, long failed, long inFlight) {
        return new ExecutionStatistics(successful + failed + inFlight, successful, failed, inFlight,
                Optional.empty(), Optional.empty());
    }

    @Test
    void with_nothing_finished_the_success_rate_is_zero() {
        assertThat(finished(0, 0, 4).successRatePercent()).isEqualTo(0.0);
    }

    @Test
    void the_success_rate_counts_only_finished_executions() {
        assertThat(finished(3, 1, 10).successRatePercent()).isEqualTo(75.0);
    }

    @Test
    void the_success_rate_is_rounded_to_two_decimals() {
        assertThat(finished(2, 1, 0).successRatePercent()).isEqualTo(66.67);
    }

    @Test
    void no_statistics_means_no_executions_at_all() {
        assertThat(ExecutionStatistics.NONE).isEqualTo(finished(0, 0, 0));
    }
}
