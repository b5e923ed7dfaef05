package io.ruleworks.domain.statistics;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerformanceQueryTest {

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");

    private static PerformanceQuery query(Instant to, Granularity groupBy) {
        return new PerformanceQuery(FROM, to, groupBy, Set.of(), Set.of());
    }

    @Test
    void no_metrics_named_means_every_metric() {
        assertThat(query(FROM.plusSeconds(1), Granularity.DAY).metrics())
                .isEqualTo(EnumSet.allOf(PerformanceMetric.class));
    }

    @Test
    void an_empty_or_inverted_range_is_refused_on_date_to() {
        assertThatThrownBy(() -> query(FROM, Granularity.DAY))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("date_to"));
    }

    @Test
    void a_range_of_more_than_a_thousand_buckets_is_refused_on_date_from() {
        assertThat(query(FROM.plus(Duration.ofHours(999)), Granularity.HOUR)).isNotNull();
        assertThatThrownBy(() -> query(FROM.plus(Duration.ofHours(1_000)), Granularity.HOUR))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("date_from"));
        assertThat(query(FROM.plus(Duration.ofDays(3_650)), Granularity.WEEK)).isNotNull();
    }

    @Test
    void more_than_a_hundred_rule_ids_are_refused() {
        Set<RuleId> ids = IntStream.range(0, 101).mapToObj(i -> RuleId.newId()).collect(Collectors.toSet());

        assertThatThrownBy(() -> new PerformanceQuery(FROM, FROM.plusSeconds(60), Granularity.DAY, ids, Set.of()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("rule_ids"));
    }

    @Test
    void rates_are_percentages_of_finished_executions_and_empty_when_none_finished() {
        PerformanceFigures figures = new PerformanceFigures(10, 2, 1, Optional.empty(), Optional.empty());

        assertThat(figures.successRatePercent()).contains(66.67);
        assertThat(figures.errorRatePercent()).contains(33.33);
        assertThat(PerformanceFigures.NONE.successRatePercent()).isEmpty();
    }

    @Test
    void throughput_is_executions_per_hour_of_the_span() {
        PerformanceFigures figures = new PerformanceFigures(30, 0, 0, Optional.empty(), Optional.empty());

        assertThat(figures.throughputPerHour(Duration.ofMinutes(30))).isEqualTo(60.0);
        assertThat(figures.throughputPerHour(Duration.ZERO)).isEqualTo(0.0);
    }
}
