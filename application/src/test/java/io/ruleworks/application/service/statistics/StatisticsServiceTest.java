package io.ruleworks.application.service.statistics;

import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase.PerformanceRequest;
import io.ruleworks.application.port.out.statistics.AutomationStatisticsReader;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceFigures;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatisticsServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-18T10:30:00Z");

    /** Records what it was asked; answers empty figures. */
    private static final class RecordingReader implements AutomationStatisticsReader {
        final List<Object> asked = new ArrayList<>();

        @Override
        public AutomationStatistics statistics(TenantId tenant, StatisticsPeriods periods) {
            asked.add(List.of(tenant, periods));
            return new AutomationStatistics(new AutomationStatistics.RuleCounts(0, 0, 0, 0, 0), 0, 0, 0, 0, 0, 0,
                    Optional.empty(), List.of(), List.of());
        }

        @Override
        public PerformanceReport performance(TenantId tenant, PerformanceQuery query) {
            asked.add(List.of(tenant, query));
            return new PerformanceReport(query, PerformanceFigures.NONE, List.of());
        }
    }

    private final RecordingReader reader = new RecordingReader();
    private final StatisticsService service = new StatisticsService(reader, MutableClock.at(NOW));
    private final TenantId tenant = TenantIds.random();

    private PerformanceRequest request(Caller caller, Optional<Instant> from, Optional<Instant> to) {
        return new PerformanceRequest(caller, from, to, Optional.empty(), Set.of(), Set.of());
    }

    @Test
    void statistics_are_read_for_the_callers_tenant_with_periods_of_now() {
        service.statistics(Callers.with(tenant, Permission.READ));

        assertThat(reader.asked).containsExactly(List.of(tenant, StatisticsPeriods.at(NOW)));
    }

    @Test
    void both_need_the_read_permission_and_read_nothing_without_it() {
        Caller writer = Callers.withAllBut(tenant, Permission.READ);

        assertThatThrownBy(() -> service.statistics(writer)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> service.performance(request(writer, Optional.empty(), Optional.empty())))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(reader.asked).isEmpty();
    }

    @Test
    void performance_defaults_to_the_last_thirty_days_by_day() {
        PerformanceReport report = service.performance(request(Callers.withAll(tenant), Optional.empty(), Optional.empty()));

        assertThat(report.query().from()).isEqualTo(Instant.parse("2026-02-16T10:30:00Z"));
        assertThat(report.query().to()).isEqualTo(NOW);
        assertThat(report.query().groupBy()).isEqualTo(Granularity.DAY);
    }

    @Test
    void a_range_given_only_by_date_to_reaches_thirty_days_before_it() {
        Instant to = Instant.parse("2026-01-31T00:00:00Z");

        PerformanceReport report = service.performance(request(Callers.withAll(tenant), Optional.empty(), Optional.of(to)));

        assertThat(report.query().from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void a_date_from_in_the_future_without_date_to_is_refused_on_date_from() {
        assertThatThrownBy(() -> service.performance(
                request(Callers.withAll(tenant), Optional.of(NOW.plusSeconds(60)), Optional.empty())))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("date_from"));
    }
}
