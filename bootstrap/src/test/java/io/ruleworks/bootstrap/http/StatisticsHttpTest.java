package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * GET /statistics and GET /performance over real HTTP; every 200 and 4xx body is checked against
 * the contract's schema by the test client. Executions are written with SQL at chosen times.
 */
@MicronautTest(transactional = false)
class StatisticsHttpTest extends HttpTestBase {

    private static final String STATISTICS = "/api/v1/automation/statistics";
    private static final String PERFORMANCE = "/api/v1/automation/performance";

    private IssuedApiKey owner;
    private Api api;
    private Api other;
    private UUID webhookRule;
    private UUID emailRule;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    void arrange() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        webhookRule = UUID.fromString(api.post(RULES, aRule().named("hook").set("status", "active").json())
                .expectStatus(201).data().path("rule_id").asText());
        emailRule = UUID.fromString(api.post(RULES, aRule().named("mail").set("trigger_type", "manual")
                .set("trigger_config", java.util.Map.of())
                .set("actions", List.of(java.util.Map.of("type", "email_notification", "order", 1, "config",
                        java.util.Map.of("to", List.of("ops@example.com"), "subject", "s", "body", "b")))).json())
                .expectStatus(201).data().path("rule_id").asText());
        UUID tenant = owner.tenant().value();
        execution(tenant, webhookRule, "time_based", "completed", now.minusSeconds(60), 100L);
        execution(tenant, webhookRule, "time_based", "completed", now.minusSeconds(30), 300L);
        execution(tenant, emailRule, "manual", "failed", now.minusSeconds(10), 200L);
        // not pending: the test service's workers would run it
        execution(tenant, emailRule, "manual", "skipped", now.minus(Duration.ofDays(40)), null);

        IssuedApiKey bob = keys().adminOfNewTenant();
        other = as(bob.apiKey());
        UUID bobsRule = UUID.fromString(other.post(RULES, aRule().named("bob").json()).expectStatus(201)
                .data().path("rule_id").asText());
        execution(bob.tenant().value(), bobsRule, "time_based", "timeout", now.minusSeconds(5), 9_999L);
    }

    private void execution(UUID tenant, UUID rule, String trigger, String status, Instant createdAt, Long durationMs) {
        sql.update("INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status, "
                        + "priority_rank, duration_ms, created_at, updated_at, available_at) "
                        + "VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?)",
                tenant, UUID.randomUUID(), rule, trigger, status, durationMs, ts(createdAt), ts(createdAt), ts(createdAt));
    }

    private static java.sql.Timestamp ts(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }

    @Test
    void statistics_sum_up_the_tenants_rules_and_executions() {
        JsonNode data = api.get(STATISTICS).expectStatus(200).data();

        assertThat(data.path("total_rules").asLong()).isEqualTo(2);
        assertThat(data.path("active_rules").asLong()).isEqualTo(1);
        assertThat(data.path("draft_rules").asLong()).isEqualTo(1);
        assertThat(data.path("total_executions").asLong()).isEqualTo(4);
        assertThat(data.path("successful_executions").asLong()).isEqualTo(2);
        assertThat(data.path("failed_executions").asLong()).isEqualTo(1);
        assertThat(data.path("executions_today").asLong()).isEqualTo(3);
        assertThat(data.path("executions_this_week").asLong()).isEqualTo(3);
        assertThat(data.path("executions_this_month").asLong()).isEqualTo(3);
        assertThat(data.path("avg_execution_time_ms").asDouble()).isEqualTo(200.0);
        assertThat(data.path("success_rate_percent").asDouble()).isEqualTo(66.67);
        assertThat(data.path("most_used_trigger_types").toString()).isEqualTo(
                "[{\"trigger_type\":\"manual\",\"count\":2,\"rule_count\":1},"
                        + "{\"trigger_type\":\"time_based\",\"count\":2,\"rule_count\":1}]");
        assertThat(data.path("most_used_action_types").toString()).isEqualTo(
                "[{\"action_type\":\"email_notification\",\"count\":2,\"rule_count\":1},"
                        + "{\"action_type\":\"webhook_call\",\"count\":2,\"rule_count\":1}]");
        assertThat(data.path("_links").path("performance").asText()).isEqualTo(PERFORMANCE);
    }

    @Test
    void statistics_of_another_tenant_never_include_these() {
        JsonNode data = other.get(STATISTICS).expectStatus(200).data();

        assertThat(data.path("total_rules").asLong()).isEqualTo(1);
        assertThat(data.path("total_executions").asLong()).isEqualTo(1);
        assertThat(data.path("failed_executions").asLong()).isEqualTo(1);
        assertThat(data.path("success_rate_percent").asDouble()).isEqualTo(0.0);
    }

    @Test
    void a_tenant_without_executions_gets_zeros_not_nulls() {
        JsonNode data = as(keys().adminOfNewTenant().apiKey()).get(STATISTICS).expectStatus(200).data();

        assertThat(data.path("total_executions").asLong()).isZero();
        assertThat(data.path("avg_execution_time_ms").isNumber()).isTrue();
        assertThat(data.path("success_rate_percent").asDouble()).isZero();
    }

    @Test
    void statistics_take_no_query_parameters() {
        Reply reply = api.get(STATISTICS + "?period=week&fieldValidation=Strict").expectStatus(400);

        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.errorField()).isEqualTo("period");
    }

    @ParameterizedTest
    @CsvSource({STATISTICS, PERFORMANCE})
    void both_need_automation_read(String path) {
        IssuedApiKey writer = keys().without(owner.tenant(), Permission.READ);

        Reply reply = as(writer.apiKey()).get(path).expectStatus(403);

        assertThat(reply.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
    }

    @Test
    void performance_defaults_to_the_last_thirty_days_by_utc_day_with_every_day_listed() {
        JsonNode data = api.get(PERFORMANCE).expectStatus(200).data();

        assertThat(data.path("group_by").asText()).isEqualTo("day");
        assertThat(data.path("time_zone").asText()).isEqualTo("UTC");
        Instant from = Instant.parse(data.path("date_from").asText());
        Instant to = Instant.parse(data.path("date_to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(30));
        assertThat(data.path("series").size()).isEqualTo(31);                  // a partial day at each end
        assertThat(data.path("series").get(0).path("bucket_start").asText()).endsWith("T00:00:00Z");
        JsonNode summary = data.path("summary");
        assertThat(summary.path("execution_count").asLong()).isEqualTo(3);     // the 40-day-old one is out
        assertThat(summary.path("success_rate").asDouble()).isEqualTo(66.67);
        assertThat(summary.path("error_rate").asDouble()).isEqualTo(33.33);
        assertThat(summary.path("avg_duration_ms").asDouble()).isEqualTo(200.0);
        assertThat(summary.path("p95_duration_ms").asDouble())                // 200 + 0.9 * (300 - 200), from the
                .isCloseTo(290.0, withinPercentage(1));                          // duration histogram: within 1 %
        assertThat(summary.path("throughput_per_hour").asDouble()).isEqualTo(0.0042); // 3 in 720 h
        assertThat(data.path("_links").path("statistics").asText()).isEqualTo(STATISTICS);
        long listed = 0;
        for (JsonNode bucket : data.path("series")) {
            listed += bucket.path("execution_count").asLong();
        }
        assertThat(listed).isEqualTo(3);
    }

    @Test
    void performance_honours_range_grouping_rules_and_metrics() {
        Instant from = now.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Instant to = now.plusSeconds(1);

        JsonNode data = api.get(PERFORMANCE + "?date_from=" + from + "&date_to=" + to + "&group_by=hour&rule_ids="
                + emailRule + "&metrics=execution_count,p95_duration").expectStatus(200).data();

        assertThat(data.path("rule_ids").toString()).isEqualTo("[\"" + emailRule + "\"]");
        assertThat(data.path("metrics").toString()).isEqualTo("[\"execution_count\",\"p95_duration\"]");
        List<String> keys = new ArrayList<>();
        data.path("summary").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("execution_count", "p95_duration_ms");
        assertThat(data.path("summary").path("execution_count").asLong()).isEqualTo(1);
        assertThat(data.path("summary").path("p95_duration_ms").asDouble()).isEqualTo(200.0);
        assertThat(data.path("series").size()).isBetween(3, 4);
        assertThat(data.path("series").get(0).path("bucket_start").asText()).isEqualTo(from.toString());
    }

    @Test
    void a_comma_separated_list_of_rule_ids_filters_by_any_of_them() {
        JsonNode data = api.get(PERFORMANCE + "?rule_ids=" + webhookRule + "," + emailRule).expectStatus(200).data();

        assertThat(data.path("summary").path("execution_count").asLong()).isEqualTo(3);
    }

    @Test
    void another_tenants_rule_ids_find_nothing() {
        JsonNode data = other.get(PERFORMANCE + "?rule_ids=" + webhookRule).expectStatus(200).data();

        assertThat(data.path("summary").path("execution_count").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "group_by=minute | group_by",
            "date_from=yesterday | date_from",
            "date_to=2026-13-01T00:00:00Z | date_to",
            "rule_ids=not-a-uuid | rule_ids",
            "rule_ids=, | rule_ids",
            "metrics=speed | metrics",
            "metric=execution_count&fieldValidation=Strict | metric",
            "group_by=day&group_by=hour | group_by",
            "date_from=2026-03-02T00:00:00Z&date_to=2026-03-01T00:00:00Z | date_to",
            "date_from=2020-01-01T00:00:00Z&date_to=2026-01-01T00:00:00Z&group_by=hour | date_from",
            "date_from=2999-01-01T00:00:00Z | date_from",
            "date_from=%2B300000-01-01T00:00:00Z&date_to=%2B300001-01-01T00:00:00Z&group_by=month | date_from"})
    void bad_performance_parameters_are_refused_naming_the_parameter(String query, String field) {
        Reply reply = api.get(PERFORMANCE + "?" + query).expectStatus(400);

        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.errorField()).isEqualTo(field);
    }
}
