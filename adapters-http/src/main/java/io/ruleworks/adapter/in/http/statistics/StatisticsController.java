package io.ruleworks.adapter.in.http.statistics;

import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.QueryParameters;
import io.ruleworks.application.port.in.statistics.GetAutomationStatisticsUseCase;
import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase;
import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase.PerformanceRequest;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.WireEnum;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceFigures;
import io.ruleworks.domain.statistics.PerformanceMetric;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Tenant-wide statistics and performance metrics (automation:read). */
@Controller
@Tag(name = ApiDocumentation.STATISTICS)
@StandardErrors
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatisticsController {

    public static final String STATISTICS = "/api/v1/automation/statistics";
    public static final String PERFORMANCE = "/api/v1/automation/performance";
    static final Set<String> PERFORMANCE_PARAMETERS = Set.of("date_from", "date_to", "group_by", "rule_ids", "metrics");

    private static final Map<String, String> STATISTICS_LINKS = links(
            "self", STATISTICS,
            "rules", "/api/v1/automation/rules",
            "executions", "/api/v1/automation/executions",
            "templates", "/api/v1/automation/templates",
            "performance", PERFORMANCE);
    private static final Map<String, String> PERFORMANCE_LINKS = links("self", PERFORMANCE, "statistics", STATISTICS);

    private final GetAutomationStatisticsUseCase statistics;
    private final GetPerformanceMetricsUseCase performance;

    public StatisticsController(GetAutomationStatisticsUseCase statistics, GetPerformanceMetricsUseCase performance) {
        this.statistics = statistics;
        this.performance = performance;
    }

    @Operation(operationId = "getAutomationStatistics", summary = "Get automation statistics",
            description = "Counts of rules and executions of the tenant, exact, read from the statistics rollup. Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The statistics.")
    @ApiResponse(responseCode = "400", description = "Extension: a query parameter was given (this operation takes none).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)), extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @Get(uri = STATISTICS, produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationStatisticsDto> statistics(@Parameter(hidden = true) Caller caller,
                                                            @Parameter(hidden = true) HttpRequest<?> request) {
        caller.require(Permission.READ);
        new QueryParameters(request.getParameters(), Set.of()).validate();
        AutomationStatistics s = statistics.statistics(caller);
        return new DataResponse<>(new AutomationStatisticsDto(s.rules().total(), s.rules().active(),
                s.rules().inactive(), s.rules().draft(), s.rules().error(), s.totalExecutions(),
                s.successfulExecutions(), s.failedExecutions(), s.executionsToday(), s.executionsThisWeek(),
                s.executionsThisMonth(), s.averageDurationMs().orElse(0.0), s.successRatePercent(),
                s.triggerTypes().stream()
                        .map(u -> new AutomationStatisticsDto.TriggerUsage(u.type(), u.executions(), u.rules())).toList(),
                s.actionTypes().stream()
                        .map(u -> new AutomationStatisticsDto.ActionUsage(u.type(), u.executions(), u.rules())).toList(),
                STATISTICS_LINKS));
    }

    @Operation(operationId = "getAutomationPerformance", summary = "Get automation performance metrics",
            description = "Execution counts, success and error rates, average and p95 duration and throughput per UTC time bucket (date_from, date_to, rule_ids, group_by, metrics). Counts and averages are exact; p95 is within 1 % of the exact percentile (a duration histogram; exact with rule_ids). Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The summary and the series of buckets.")
    @ApiResponse(responseCode = "400", description = "Invalid query parameter (VALIDATION_ERROR with details.field).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Get(uri = PERFORMANCE, produces = MediaType.APPLICATION_JSON)
    public DataResponse<Map<String, Object>> performance(@Parameter(hidden = true) Caller caller,
                                                       @Parameter(hidden = true) HttpRequest<?> request) {
        caller.require(Permission.READ);
        QueryParameters q = new QueryParameters(request.getParameters(), PERFORMANCE_PARAMETERS);
        Optional<Instant> from = q.instant("date_from");
        Optional<Instant> to = q.instant("date_to");
        Optional<Granularity> groupBy = q.oneOf("group_by", Granularity.class);
        Set<RuleId> ruleIds = q.uuids("rule_ids", PerformanceQuery.MAX_RULE_IDS).stream().map(RuleId::new)
                .collect(Collectors.toSet());
        Set<PerformanceMetric> metrics = q.allOf("metrics", PerformanceMetric.class);
        q.validate();
        PerformanceReport report = performance.performance(
                new PerformanceRequest(caller, from, to, groupBy, ruleIds, metrics));
        return new DataResponse<>(body(report));
    }

    private static Map<String, Object> body(PerformanceReport report) {
        PerformanceQuery query = report.query();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("date_from", query.from().toString());
        data.put("date_to", query.to().toString());
        data.put("group_by", query.groupBy().wire());
        data.put("time_zone", "UTC");
        data.put("rule_ids", query.ruleIds().stream().map(RuleId::toString).sorted().toList());
        data.put("metrics", query.metrics().stream().map(WireEnum::wire).toList());
        data.put("summary", figures(query, report.summary(), Duration.between(query.from(), query.to())));
        List<Map<String, Object>> series = report.buckets().stream().map(b -> {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("bucket_start", b.start().toString());
            bucket.put("bucket_end", b.end().toString());
            bucket.putAll(figures(query, b.figures(), b.spanWithin(query.from(), query.to())));
            return bucket;
        }).toList();
        data.put("series", series);
        data.put("_links", PERFORMANCE_LINKS);
        return data;
    }

    private static Map<String, Object> figures(PerformanceQuery query, PerformanceFigures f, Duration span) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (query.wants(PerformanceMetric.EXECUTION_COUNT)) {
            out.put("execution_count", f.executions());
        }
        if (query.wants(PerformanceMetric.SUCCESS_RATE)) {
            out.put("successful_executions", f.successful());
            out.put("success_rate", f.successRatePercent().orElse(null));
        }
        if (query.wants(PerformanceMetric.ERROR_RATE)) {
            out.put("failed_executions", f.failed());
            out.put("error_rate", f.errorRatePercent().orElse(null));
        }
        if (query.wants(PerformanceMetric.AVG_DURATION)) {
            out.put("avg_duration_ms", f.averageDurationMs().orElse(null));
        }
        if (query.wants(PerformanceMetric.P95_DURATION)) {
            out.put("p95_duration_ms", f.p95DurationMs().orElse(null));
        }
        if (query.wants(PerformanceMetric.THROUGHPUT)) {
            out.put("throughput_per_hour", f.throughputPerHour(span));
        }
        return out;
    }

    private static Map<String, String> links(String... pairs) {
        Map<String, String> links = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            links.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(links);
    }
}
