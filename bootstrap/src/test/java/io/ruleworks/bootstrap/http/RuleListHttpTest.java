package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * GET /rules over five rules of one tenant whose every listed attribute is pinned (timestamps and
 * counters by SQL), plus a rule of another tenant that must never show up.
 */
@MicronautTest(transactional = false)
class RuleListHttpTest extends HttpTestBase {

    private static final UUID ALICE = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    private static final UUID BOB = UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002");

    // name, description, status, priority, trigger type + config, template category, created, updated,
    // execution count, last executed, created by
    private static final List<Fixture> FIXTURES = List.of(
            new Fixture("Escalate critical tickets", "Pages on-call", "active", "critical", "event_based",
                    Map.of("event_type", "ticket.created"), "tickets", "2025-01-01", "2025-01-10", 10, "2025-02-01", ALICE),
            new Fixture("Nightly invoice run", null, "inactive", "low", "time_based",
                    Map.of("schedule_type", "daily"), "billing", "2025-01-02", "2025-01-03", 0, null, BOB),
            new Fixture("Webhook relay 50% sample", null, "draft", "normal", "webhook",
                    Map.of(), null, "2025-01-03", "2025-01-20", 5, "2025-01-15", ALICE),
            new Fixture("Manual cleanup", null, "error", "high", "manual",
                    Map.of(), null, "2025-01-04", "2025-01-05", 100, "2025-03-01", null),
            new Fixture("Hourly SLA check", "Checks SLA breaches", "active", "normal", "condition_based",
                    Map.of("check_interval_minutes", 60, "conditions",
                            List.of(Map.of("field", "ticket.sla_breached", "operator", "equals", "value", true))),
                    "tickets", "2025-01-05", "2025-01-06", 1, "2025-01-10", null));

    private static final String ESCALATE = "Escalate critical tickets";
    private static final String NIGHTLY = "Nightly invoice run";
    private static final String RELAY = "Webhook relay 50% sample";
    private static final String CLEANUP = "Manual cleanup";
    private static final String SLA = "Hourly SLA check";

    private IssuedApiKey owner;
    private Api api;
    private Api otherTenant;

    @BeforeAll
    void createRules() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        for (Fixture f : FIXTURES) {
            var body = aRule().named(f.name).set("status", f.status).set("priority", f.priority)
                    .set("trigger_type", f.triggerType).set("trigger_config", f.triggerConfig);
            if (f.description != null) {
                body = body.set("description", f.description);
            }
            if (f.templateCategory != null) {
                body = body.set("template_category", f.templateCategory);
            }
            String id = api.post(RULES, body.json()).expectStatus(201).data().path("rule_id").asText();
            sql.update("UPDATE automation_rules SET created_at = ?, updated_at = ?, execution_count = ?, "
                            + "last_executed = ?, created_by = ? WHERE rule_id = ?",
                    noon(f.created), noon(f.updated), f.executionCount,
                    f.lastExecuted == null ? null : noon(f.lastExecuted), f.createdBy, UUID.fromString(id));
        }
        IssuedApiKey other = keys().adminOfNewTenant();
        otherTenant = as(other.apiKey());
        otherTenant.post(RULES, aRule().named(ESCALATE).set("status", "active").json()).expectStatus(201);
    }

    @Test
    void without_parameters_the_first_page_holds_every_rule_newest_first() {
        Reply page = api.get(RULES).expectStatus(200);

        assertThat(names(page)).containsExactly(SLA, CLEANUP, RELAY, NIGHTLY, ESCALATE);
        assertThat(page.json().path("pagination")).isEqualTo(pagination(1, 25, 5, 1, false, false));
        assertThat(page.json().path("meta").path("resource").asText()).isEqualTo("automation_rule");
        assertThat(page.json().path("meta").path("filters").isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "page {0} of {1}")
    @CsvSource({
            "1, 2, 'Hourly SLA check|Manual cleanup', true, false",
            "2, 2, 'Webhook relay 50% sample|Nightly invoice run', true, true",
            "3, 2, 'Escalate critical tickets', false, true",
            "4, 2, '', false, true"})
    void pages_split_the_rules(int page, int limit, String expected, boolean hasNext, boolean hasPrev) {
        Reply reply = api.get(RULES + "?page=" + page + "&limit=" + limit).expectStatus(200);

        assertThat(String.join("|", names(reply))).isEqualTo(expected);
        assertThat(reply.json().path("pagination")).isEqualTo(pagination(page, limit, 5, 3, hasNext, hasPrev));
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                arguments("created_at", "asc", "name", List.of(ESCALATE, NIGHTLY, RELAY, CLEANUP, SLA)),
                arguments("created_at", "desc", "name", List.of(SLA, CLEANUP, RELAY, NIGHTLY, ESCALATE)),
                arguments("updated_at", "asc", "name", List.of(NIGHTLY, CLEANUP, SLA, ESCALATE, RELAY)),
                arguments("updated_at", "desc", "name", List.of(RELAY, ESCALATE, SLA, CLEANUP, NIGHTLY)),
                arguments("name", "asc", "name", List.of(ESCALATE, SLA, CLEANUP, NIGHTLY, RELAY)),
                arguments("name", "desc", "name", List.of(RELAY, NIGHTLY, CLEANUP, SLA, ESCALATE)),
                arguments("status", "asc", "status", List.of("active", "active", "draft", "error", "inactive")),
                arguments("status", "desc", "status", List.of("inactive", "error", "draft", "active", "active")),
                arguments("priority", "asc", "priority", List.of("low", "normal", "normal", "high", "critical")),
                arguments("priority", "desc", "priority", List.of("critical", "high", "normal", "normal", "low")),
                arguments("trigger_type", "asc", "name", List.of(SLA, ESCALATE, CLEANUP, NIGHTLY, RELAY)),
                arguments("trigger_type", "desc", "name", List.of(RELAY, NIGHTLY, CLEANUP, ESCALATE, SLA)),
                arguments("last_executed", "asc", "name", List.of(NIGHTLY, SLA, RELAY, ESCALATE, CLEANUP)),
                arguments("last_executed", "desc", "name", List.of(CLEANUP, ESCALATE, RELAY, SLA, NIGHTLY)),
                arguments("execution_count", "asc", "name", List.of(NIGHTLY, SLA, RELAY, ESCALATE, CLEANUP)),
                arguments("execution_count", "desc", "name", List.of(CLEANUP, ESCALATE, RELAY, SLA, NIGHTLY)));
    }

    @ParameterizedTest(name = "sort={0}&order={1}")
    @MethodSource("sorts")
    void every_allowed_sort_orders_both_ways(String sort, String order, String field, List<String> expected) {
        Reply reply = api.get(RULES + "?sort=" + sort + "&order=" + order).expectStatus(200);

        assertThat(values(reply, field)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                arguments("search=critical", List.of(ESCALATE)),
                arguments("search=ESCALATE", List.of(ESCALATE)),
                arguments("search=on-call", List.of(ESCALATE)),
                arguments("search=sla", List.of(SLA)),
                arguments("search=50%25", List.of(RELAY)),
                arguments("search=_", List.of()),
                arguments("created_from=2025-01-03T12:00:00Z", List.of(SLA, CLEANUP, RELAY)),
                arguments("created_to=2025-01-02T12:00:00Z", List.of(NIGHTLY, ESCALATE)),
                arguments("created_from=2025-01-02T00:00:00Z&created_to=2025-01-04T00:00:00Z", List.of(RELAY, NIGHTLY)),
                arguments("updated_from=2025-01-06T00:00:00Z&updated_to=2025-01-15T00:00:00Z", List.of(SLA, ESCALATE)),
                arguments("updated_from=2025-01-10T12:00:00%2B00:00", List.of(RELAY, ESCALATE)),
                arguments("is_active=true", List.of(SLA, ESCALATE)),
                arguments("is_active=false", List.of(CLEANUP, RELAY, NIGHTLY)),
                arguments("name=cleanup", List.of(CLEANUP)),
                arguments("name=on-call", List.of()),
                arguments("status=draft", List.of(RELAY)),
                arguments("trigger_type=webhook", List.of(RELAY)),
                arguments("priority=normal", List.of(SLA, RELAY)),
                arguments("template_category=tickets", List.of(SLA, ESCALATE)),
                arguments("created_by=" + ALICE, List.of(RELAY, ESCALATE)),
                arguments("created_by=" + UUID.randomUUID(), List.of()),
                arguments("last_executed_from=2025-01-15T12:00:00Z", List.of(CLEANUP, RELAY, ESCALATE)),
                arguments("last_executed_to=2025-01-15T12:00:00Z", List.of(SLA, RELAY)),
                arguments("execution_count_min=5", List.of(CLEANUP, RELAY, ESCALATE)),
                arguments("execution_count_max=5", List.of(SLA, RELAY, NIGHTLY)),
                arguments("execution_count_min=1&execution_count_max=10", List.of(SLA, RELAY, ESCALATE)),
                arguments("status=active&priority=critical", List.of(ESCALATE)),
                arguments("is_active=true&template_category=billing", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void every_filter_returns_exactly_the_matching_rules(String query, List<String> expected) {
        Reply reply = api.get(RULES + "?" + query).expectStatus(200);

        assertThat(names(reply)).containsExactlyElementsOf(expected);
        assertThat(reply.json().path("pagination").path("total").asLong()).isEqualTo(expected.size());
    }

    @Test
    void the_filters_applied_are_echoed_in_meta_without_paging() {
        Reply reply = api.get(RULES + "?status=active&search=sla&page=1&limit=10&sort=name&order=asc")
                .expectStatus(200);

        Map<String, String> filters = new LinkedHashMap<>();
        reply.json().path("meta").path("filters").fields().forEachRemaining(e -> filters.put(e.getKey(), e.getValue().asText()));
        assertThat(filters).containsOnly(Map.entry("status", "active"), Map.entry("search", "sla"),
                Map.entry("sort", "name"), Map.entry("order", "asc"));
        assertThat(reply.json().path("meta").path("resource").asText()).isEqualTo("automation_rule");
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                arguments("limit=0", "limit"),
                arguments("limit=101", "limit"),
                arguments("limit=abc", "limit"),
                arguments("page=0", "page"),
                arguments("page=-1", "page"),
                arguments("sort=drop%20table", "sort"),
                arguments("sort=name%3BDROP%20TABLE%20automation_rules", "sort"),
                arguments("order=sideways", "order"),
                arguments("status=paused", "status"),
                arguments("trigger_type=lunar", "trigger_type"),
                arguments("priority=urgent", "priority"),
                arguments("is_active=yes", "is_active"),
                arguments("created_by=alice", "created_by"),
                arguments("created_from=yesterday", "created_from"),
                arguments("created_to=2025-13-01T00:00:00Z", "created_to"),
                arguments("updated_from=2025-01-01", "updated_from"),
                arguments("updated_to=noon", "updated_to"),
                arguments("last_executed_from=soon", "last_executed_from"),
                arguments("last_executed_to=2025-02-30T00:00:00Z", "last_executed_to"),
                arguments("execution_count_min=-1", "execution_count_min"),
                arguments("execution_count_max=many", "execution_count_max"),
                arguments("created_from=2025-02-01T00:00:00Z&created_to=2025-01-01T00:00:00Z", "created_to"),
                arguments("execution_count_min=10&execution_count_max=1", "execution_count_max"),
                arguments("colour=red&fieldValidation=Strict", "colour"),
                arguments("status=active&status=draft", "status"),
                arguments("page=1&page=2", "page"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void a_bad_parameter_is_refused_naming_it(String query, String parameter) {
        Reply refused = api.get(RULES + "?" + query).expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.errorField()).as(refused.toString()).isEqualTo(parameter);
    }

    @Test
    void the_limit_defaults_to_25_and_allows_up_to_100() {
        IssuedApiKey busy = keys().adminOfNewTenant();
        Api busyTenant = as(busy.apiKey());
        for (int i = 1; i <= 27; i++) {
            busyTenant.post(RULES, aRule().named("Rule " + i).json()).expectStatus(201);
        }

        Reply first = busyTenant.get(RULES).expectStatus(200);
        Reply all = busyTenant.get(RULES + "?limit=100").expectStatus(200);

        assertThat(first.json().path("data").size()).isEqualTo(25);
        assertThat(first.json().path("pagination")).isEqualTo(pagination(1, 25, 27, 2, true, false));
        assertThat(all.json().path("data").size()).isEqualTo(27);
        assertThat(all.json().path("pagination")).isEqualTo(pagination(1, 100, 27, 1, false, false));
    }

    @Test
    void a_tenant_lists_only_its_own_rules() {
        Reply mine = api.get(RULES + "?search=escalate").expectStatus(200);
        Reply theirs = otherTenant.get(RULES).expectStatus(200);

        assertThat(names(mine)).containsExactly(ESCALATE);
        assertThat(tenants(mine)).containsOnly(owner.tenant().toString());
        assertThat(names(theirs)).containsExactly(ESCALATE);
        assertThat(tenants(theirs)).doesNotContain(owner.tenant().toString());
    }

    private static List<String> names(Reply reply) {
        return values(reply, "name");
    }

    private static List<String> tenants(Reply reply) {
        return values(reply, "tenant");
    }

    private static List<String> values(Reply reply, String field) {
        return StreamSupport.stream(reply.json().path("data").spliterator(), false)
                .map(rule -> rule.path(field).asText()).toList();
    }

    private static JsonNode pagination(int page, int limit, long total, int totalPages, boolean hasNext,
                                       boolean hasPrev) {
        var node = new ObjectMapper().createObjectNode();
        node.put("page", page).put("limit", limit).put("total", (int) total).put("totalPages", totalPages)
                .put("hasNext", hasNext).put("hasPrev", hasPrev);
        return node;
    }

    private static Instant noon(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    private record Fixture(String name, String description, String status, String priority, String triggerType,
                           Map<String, Object> triggerConfig, String templateCategory, String created, String updated,
                           long executionCount, String lastExecuted, UUID createdBy) {
    }

}
