package io.ruleworks.adapter.out.action.psa;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.action.psa.testing.PsaContract;
import io.ruleworks.adapter.out.action.psa.testing.PsaDouble;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The five PSA action runners and the HTTP gateway against a WireMock PSA on 127.0.0.1; every
 * request sent is checked against the PSA contract after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsaActionRunnersTest {

    private static final TenantId TENANT = TenantId.of("11111111-1111-4111-8111-111111111111");
    private static final TenantId OWN_PSA = TenantId.of("22222222-2222-4222-8222-222222222222");
    private static final TenantId OWN_KEY = TenantId.of("33333333-3333-4333-8333-333333333333");
    private static final String CLIENT = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";
    private static final String USER = "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11";
    private static final String STATUS = "3c2d7a10-1b1e-4f7c-8a55-9d0e6f1b2c3d";
    private static final String HIGH = "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3";

    private PsaDouble psa;
    private ApplicationContext context;
    private JsonMapper json;

    @BeforeAll
    void start() {
        psa = new PsaDouble();
        Map<String, Object> properties = new HashMap<>();
        properties.put("ruleworks.psa.default.base-url", psa.baseUrl() + "/");
        properties.put("ruleworks.psa.default.api-key", "default-key");
        properties.put("ruleworks.psa.default.priority-ids.high", HIGH);
        properties.put("ruleworks.psa.tenants." + OWN_PSA + ".base-url", psa.baseUrl() + "/own");
        properties.put("ruleworks.psa.tenants." + OWN_PSA + ".api-key", "own-key");
        properties.put("ruleworks.psa.tenants." + OWN_KEY + ".api-key", "tenant-key");
        // the adapter's beans as the service wires them; the clock comes from bootstrap there
        context = ApplicationContext.builder().properties(properties).singletons(Clock.systemUTC()).start();
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    void stop() {
        context.close();
        psa.close();
    }

    @BeforeEach
    void reset() {
        psa.reset();
    }

    @AfterEach
    void everyRequestMatchesThePsaContract() {
        assertThat(psa.contractViolations()).isEmpty();
    }

    private ActionRunner runner(ActionType type) {
        return context.getBeansOfType(ActionRunner.class).stream().filter(r -> r.type() == type).findFirst()
                .orElseThrow();
    }

    /** As the engine invokes a runner: the rendered config and its record, parsed once. */
    private static ActionRunner.Invocation invocation(ActionType type, TenantId tenant, Map<String, Object> config,
                                                      Duration timeout) {
        return new ActionRunner.Invocation(tenant, new RuleId(UUID.randomUUID()),
                new ExecutionId(UUID.randomUUID()), 0, 1, 1, config, timeout, "exec-1:0:0:1", Map.of(),
                ActionConfig.parse(type, config));
    }

    private Map<String, Object> run(ActionType type, Map<String, Object> config) throws InterruptedException {
        return runner(type).run(invocation(type, TENANT, config, Duration.ofSeconds(5)));
    }

    private PsaFailureException failure(ActionType type, TenantId tenant, Map<String, Object> config, Duration timeout) {
        return catchThrowableOfType(PsaFailureException.class, () -> runner(type).run(invocation(type, tenant, config, timeout)));
    }

    private LoggedRequest onlyRequest() {
        assertThat(psa.requests()).hasSize(1);
        return psa.requests().get(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(LoggedRequest request) throws IOException {
        return json.readValue(request.getBodyAsString(), Map.class);
    }

    @Test
    void ticket_creation_posts_the_ticket_and_records_its_id() throws Exception {
        Map<String, Object> result = run(ActionType.TICKET_CREATION, Map.of("ticket_data",
                Map.of("title", "Mail down", "client_id", CLIENT), "priority", "high", "status", STATUS,
                "notes", "reported by the monitor"));

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/api/v1/tickets");
        assertThat(request.getHeader("x-api-key")).isEqualTo("default-key");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("exec-1:0:0:1");
        assertThat(body(request)).isEqualTo(Map.of("title", "Mail down", "summary", "reported by the monitor",
                "client_id", CLIENT, "status_id", STATUS, "priority_id", HIGH));
        assertThat(result).containsEntry("operation", "create").containsEntry("ticket_id", PsaDouble.TICKET_ID);
        assertThat((Map<String, Object>) result.get("ticket")).containsEntry("ticket_number", "T-1001");
    }

    @Test
    void ticket_update_puts_the_changes_on_the_ticket() throws Exception {
        Map<String, Object> result = run(ActionType.TICKET_UPDATE, Map.of("ticket_id", PsaDouble.TICKET_ID,
                "ticket_data", Map.of("title", "Mail down again", "tags", List.of("vip")), "status", STATUS,
                "assigned_to", USER));

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertThat(request.getUrl()).isEqualTo("/api/v1/tickets/" + PsaDouble.TICKET_ID);
        assertThat(body(request)).isEqualTo(Map.of("title", "Mail down again", "tags", List.of("vip"),
                "status_id", STATUS, "assigned_to", USER));
        assertThat(result).containsEntry("operation", "update").containsEntry("ticket_id", PsaDouble.TICKET_ID);
    }

    @Test
    void closing_a_ticket_sets_its_closing_status() throws Exception {
        run(ActionType.TICKET_UPDATE, Map.of("operation", "close", "ticket_id", PsaDouble.TICKET_ID, "status", STATUS,
                "ticket_data", Map.of("override_close_rules", true, "override_close_rules_reason", "automation")));

        assertThat(body(onlyRequest())).isEqualTo(Map.of("status_id", STATUS, "override_close_rules", true,
                "override_close_rules_reason", "automation"));
    }

    @Test
    void assigning_a_ticket_sets_its_assignee() throws Exception {
        run(ActionType.TICKET_UPDATE, Map.of("operation", "assign", "ticket_id", PsaDouble.TICKET_ID,
                "assigned_to", USER));

        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/api/v1/tickets/" + PsaDouble.TICKET_ID);
        assertThat(body(request)).isEqualTo(Map.of("assigned_to", USER));
    }

    @Test
    void project_update_puts_the_named_fields_and_project_data() throws Exception {
        String project = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
        Map<String, Object> result = run(ActionType.PROJECT_UPDATE, Map.of("project_id", project,
                "project_name", "Migration", "end_date", "2026-03-31", "budgeted_hours", 120.5,
                "project_data", Map.of("wbs_code", "1.2")));

        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/api/v1/projects/" + project);
        assertThat(body(request)).isEqualTo(Map.of("wbs_code", "1.2", "project_name", "Migration",
                "end_date", "2026-03-31", "budgeted_hours", 120.5));
        assertThat(result).containsEntry("project_id", project);
    }

    @Test
    void time_entry_creation_posts_the_entry_and_records_its_id() throws Exception {
        Map<String, Object> result = run(ActionType.TIME_ENTRY_CREATION, Map.of("work_item_type", "ticket",
                "work_item_id", PsaDouble.TICKET_ID, "user_id", USER, "started_at", "2026-01-31T09:00:00+01:00",
                "ended_at", "2026-01-31T10:30:00+01:00", "duration_minutes", 90, "billable_minutes", 60,
                "notes", "on site"));

        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/api/v1/time-entries");
        assertThat(body(request)).isEqualTo(Map.of("work_item_type", "ticket", "work_item_id", PsaDouble.TICKET_ID,
                "user_id", USER, "started_at", "2026-01-31T08:00:00Z", "ended_at", "2026-01-31T09:30:00Z",
                "duration_minutes", 90, "billable_minutes", 60, "notes", "on site"));
        assertThat(result).containsEntry("time_entry_id", PsaDouble.ENTRY_ID);
    }

    @Test
    void invoice_generation_posts_the_selector_and_records_the_invoice_id() throws Exception {
        String contract = "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f";
        Map<String, Object> result = run(ActionType.INVOICE_GENERATION, Map.of("client_id", CLIENT,
                "window_start", "2026-01-01", "window_end", "2026-02-01", "identity_key", "contract:42:2026-01",
                "cadence_owner", "contract", "contract_id", contract));

        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/api/v1/invoices/generate");
        assertThat(body(request)).isEqualTo(Map.of("selector_input", Map.of("clientId", CLIENT,
                "windowStart", "2026-01-01", "windowEnd", "2026-02-01", "executionWindow", Map.of(
                        "kind", "contract_cadence_window", "identityKey", "contract:42:2026-01",
                        "cadenceOwner", "contract", "clientId", CLIENT, "contractId", contract,
                        "windowStart", "2026-01-01", "windowEnd", "2026-02-01"))));
        assertThat(result).containsEntry("invoice_id", PsaDouble.INVOICE_ID);
    }

    @Test
    void a_refusal_of_the_psa_fails_for_good_with_its_message() {
        psa.answer(WireMock.post("/api/v1/tickets"), 400,
                "{\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"board_id is required\"}}");

        PsaFailureException failure = failure(ActionType.TICKET_CREATION, TENANT,
                Map.of("ticket_data", Map.of("title", "t")), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("PSA_REJECTED");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).isEqualTo("PSA answered HTTP 400: VALIDATION_ERROR: board_id is required");
        assertThat(failure.httpStatus()).hasValue(400);
    }

    @Test
    void a_server_error_of_the_psa_is_retryable() {
        psa.answer(WireMock.put("/api/v1/tickets/" + PsaDouble.TICKET_ID), 503,
                "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"database unavailable\"}}");

        PsaFailureException failure = failure(ActionType.TICKET_UPDATE, TENANT,
                Map.of("ticket_id", PsaDouble.TICKET_ID, "status", STATUS), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("PSA_SERVER_ERROR");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("database unavailable");
    }

    @Test
    void a_psa_that_does_not_answer_in_time_is_retryable() {
        psa.server().stubFor(WireMock.post("/api/v1/time-entries").atPriority(1)
                .willReturn(aResponse().withStatus(201).withFixedDelay(3_000).withBody("{\"data\":{}}")));

        long started = System.nanoTime();
        PsaFailureException failure = failure(ActionType.TIME_ENTRY_CREATION, TENANT, Map.of("work_item_type",
                "ticket", "work_item_id", PsaDouble.TICKET_ID, "started_at", "2026-01-31T09:00:00Z",
                "ended_at", "2026-01-31T10:00:00Z"), Duration.ofMillis(300));

        assertThat(failure.code()).isEqualTo("PSA_TIMEOUT");
        assertThat(failure.retryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void an_unreachable_psa_is_retryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ApplicationContext unreachable = ApplicationContext.run(Map.of(
                "ruleworks.psa.default.base-url", "http://127.0.0.1:" + closedPort,
                "ruleworks.psa.default.api-key", "k"))) {
            ActionRunner runner = unreachable.getBean(TicketCreationRunner.class);

            PsaFailureException failure = catchThrowableOfType(PsaFailureException.class, () -> runner.run(
                    invocation(ActionType.TICKET_CREATION, TENANT, Map.of("ticket_data", Map.of("title", "t")),
                            Duration.ofSeconds(5))));

            assertThat(failure.code()).isEqualTo("PSA_UNREACHABLE");
            assertThat(failure.retryable()).isTrue();
        }
    }

    @Test
    void a_tenant_with_its_own_psa_is_sent_there_with_its_own_key() throws Exception {
        runner(ActionType.TICKET_CREATION).run(invocation(ActionType.TICKET_CREATION, OWN_PSA,
                Map.of("ticket_data", Map.of("title", "t")),
                Duration.ofSeconds(5)));
        runner(ActionType.TICKET_CREATION).run(invocation(ActionType.TICKET_CREATION, OWN_KEY,
                Map.of("ticket_data", Map.of("title", "t")),
                Duration.ofSeconds(5)));

        assertThat(psa.requests()).extracting(LoggedRequest::getUrl, r -> r.getHeader("x-api-key"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/own/api/v1/tickets", "own-key"),
                        org.assertj.core.groups.Tuple.tuple("/api/v1/tickets", "tenant-key"));
    }

    @Test
    void a_tenant_without_a_psa_fails_for_good_without_a_request() {
        try (ApplicationContext bare = ApplicationContext.run(Map.of(
                "ruleworks.psa.tenants." + OWN_PSA + ".base-url", psa.baseUrl(),
                "ruleworks.psa.tenants." + OWN_PSA + ".api-key", "k"))) {
            ActionRunner runner = bare.getBean(TicketCreationRunner.class);

            PsaFailureException failure = catchThrowableOfType(PsaFailureException.class, () -> runner.run(
                    invocation(ActionType.TICKET_CREATION, TENANT, Map.of("ticket_data", Map.of("title", "t")),
                            Duration.ofSeconds(5))));

            assertThat(failure.code()).isEqualTo("PSA_NOT_CONFIGURED");
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.getMessage()).contains(TENANT.toString());
            assertThat(psa.requests()).isEmpty();
        }
    }

    @Test
    void a_priority_without_a_configured_id_fails_for_good() {
        PsaFailureException failure = failure(ActionType.TICKET_UPDATE, TENANT, Map.of("ticket_id",
                PsaDouble.TICKET_ID, "priority", "low"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("PSA_PRIORITY_NOT_MAPPED");
        assertThat(failure.retryable()).isFalse();
        assertThat(psa.requests()).isEmpty();
    }

    @Test
    void a_created_ticket_without_an_id_in_the_answer_fails_for_good() {
        psa.answer(WireMock.post("/api/v1/tickets"), 201, "{\"data\":{\"title\":\"t\"}}");

        PsaFailureException failure = failure(ActionType.TICKET_CREATION, TENANT,
                Map.of("ticket_data", Map.of("title", "t")), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("PSA_INVALID_RESPONSE");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void a_large_psa_record_is_left_out_of_the_result_but_its_id_is_kept() throws Exception {
        psa.answer(WireMock.post("/api/v1/tickets"), 201, "{\"data\":{\"ticket_id\":\"" + PsaDouble.TICKET_ID
                + "\",\"description\":\"" + "x".repeat(PsaActionRunner.MAX_RECORDED_BYTES) + "\"}}");

        Map<String, Object> result = run(ActionType.TICKET_CREATION, Map.of("ticket_data", Map.of("title", "t")));

        assertThat(result).containsEntry("ticket_id", PsaDouble.TICKET_ID).containsEntry("ticket_truncated", true)
                .doesNotContainKey("ticket");
    }

    @Test
    void the_contract_check_catches_a_body_the_psa_would_not_accept() {
        assertThat(PsaContract.get().violations("POST", "/api/v1/tickets", h -> "k",
                "{\"title\":\"t\",\"client_id\":\"acme\",\"priority\":\"high\"}")).hasSize(3);
        assertThat(PsaContract.get().violations("PUT", "/api/v1/tickets/42", h -> null, "{}"))
                .containsExactlyInAnyOrder("path parameter 42 is not a UUID", "missing x-api-key header",
                        "Content-Type is null, not application/json");
    }
}
