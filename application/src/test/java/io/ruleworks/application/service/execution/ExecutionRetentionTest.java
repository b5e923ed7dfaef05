package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.port.in.execution.PurgeExecutionsUseCase.PurgeRun;
import io.ruleworks.application.port.out.execution.ExecutionArchive;
import io.ruleworks.application.port.out.execution.ExecutionHistory;
import io.ruleworks.domain.execution.RetentionPolicy;
import io.ruleworks.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionRetentionTest {

    private static final RetentionPolicy POLICY =
            new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(90), OptionalInt.empty());

    private final MutableClock clock = MutableClock.at("2026-06-10T12:00:00Z");

    /** A history of {@code byAge} executions past their line and {@code byCount} beyond the count limit. */
    private static final class ScriptedHistory implements ExecutionHistory {
        int byAge;
        int byCount;
        int turnsBeforeAnotherInstance = Integer.MAX_VALUE;
        final List<Integer> limits = new ArrayList<>();

        @Override
        public boolean takePurgeTurn() {
            return turnsBeforeAnotherInstance-- > 0;
        }

        @Override
        public int purgeByAge(RetentionPolicy policy, Instant now, int limit, Optional<ExecutionArchive> archive) {
            limits.add(limit);
            int n = Math.min(limit, byAge);
            byAge -= n;
            return n;
        }

        @Override
        public int purgeByCount(int maxPerRule, int limit, Optional<ExecutionArchive> archive) {
            limits.add(limit);
            int n = Math.min(limit, byCount);
            byCount -= n;
            return n;
        }

        @Override
        public Duration lag(RetentionPolicy policy, Instant now) {
            return byAge > 0 ? Duration.ofHours(1) : Duration.ZERO;
        }
    }

    private ExecutionRetention retention(ExecutionHistory history, RetentionPolicy policy, int batch, int maxPerRun) {
        return new ExecutionRetention(history, new DirectTransactions(), policy, batch, maxPerRun, Optional.empty(),
                clock);
    }

    @Test
    void a_run_purges_in_batches_until_a_batch_is_not_full() {
        ScriptedHistory history = new ScriptedHistory();
        history.byAge = 25;

        PurgeRun run = retention(history, POLICY, 10, 1_000).purge();

        assertThat(run).isEqualTo(new PurgeRun(true, 25, 0, Duration.ZERO));
        assertThat(history.limits).containsExactly(10, 10, 10);
    }

    @Test
    void a_run_stops_at_its_bound_and_reports_the_lag_it_leaves() {
        ScriptedHistory history = new ScriptedHistory();
        history.byAge = 100;

        PurgeRun run = retention(history, POLICY, 10, 25).purge();

        assertThat(run).isEqualTo(new PurgeRun(true, 25, 0, Duration.ofHours(1)));
        assertThat(history.limits).containsExactly(10, 10, 5);
    }

    @Test
    void the_count_limit_is_applied_after_the_age_with_what_is_left_of_the_bound() {
        ScriptedHistory history = new ScriptedHistory();
        history.byAge = 5;
        history.byCount = 50;
        RetentionPolicy limited = new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(90), OptionalInt.of(100));

        PurgeRun run = retention(history, limited, 10, 30).purge();

        assertThat(run).isEqualTo(new PurgeRun(true, 5, 25, Duration.ZERO));
    }

    @Test
    void a_run_that_finds_another_instance_purging_does_nothing() {
        ScriptedHistory history = new ScriptedHistory();
        history.byAge = 5;
        history.turnsBeforeAnotherInstance = 0;

        PurgeRun run = retention(history, POLICY, 10, 1_000).purge();

        assertThat(run.ran()).isFalse();
        assertThat(history.byAge).isEqualTo(5);
    }

    @Test
    void a_run_that_loses_the_turn_between_batches_stops_there() {
        ScriptedHistory history = new ScriptedHistory();
        history.byAge = 50;
        history.turnsBeforeAnotherInstance = 2;

        PurgeRun run = retention(history, POLICY, 10, 1_000).purge();

        assertThat(run.purgedByAge()).isEqualTo(20);
        assertThat(history.byAge).isEqualTo(30);
    }

    @Test
    void retentions_that_are_not_positive_and_a_count_limit_below_one_are_refused() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ZERO, Duration.ofDays(1), OptionalInt.empty()))
                .hasMessageContaining("ruleworks.executions.retention");
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(-1), OptionalInt.empty()))
                .hasMessageContaining("retention-failed");
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(1), OptionalInt.of(0)))
                .hasMessageContaining("max-per-rule");
    }
}
