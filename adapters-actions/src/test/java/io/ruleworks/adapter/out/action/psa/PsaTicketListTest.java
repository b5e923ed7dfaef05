package io.ruleworks.adapter.out.action.psa;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.context.ApplicationContext;
import io.ruleworks.adapter.out.action.psa.testing.PsaDouble;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.PsaCall;
import io.ruleworks.application.port.out.action.PsaGateway.PsaList;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The ticket list that condition polling reads, against a PSA double on 127.0.0.1: the rule's
 * filters become the PSA's query parameters, pages are followed as the PSA's pagination says, and
 * the listing stops at the bound. GET /api/v1/tickets is not in the contract's extract; its
 * filters and envelope ({@code data} array + {@code pagination}) are those of the Alga PSA API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsaTicketListTest {

    private static final TenantId TENANT = TenantId.of("11111111-1111-4111-8111-111111111111");
    private static final String STATUS = "3c2d7a10-1b1e-4f7c-8a55-9d0e6f1b2c3d";

    private PsaDouble psa;
    private ApplicationContext context;
    private PsaGateway gateway;

    @BeforeAll
    void start() {
        psa = new PsaDouble();
        context = ApplicationContext.builder()
                .properties(Map.of("ruleworks.psa.default.base-url", psa.baseUrl(),
                        "ruleworks.psa.default.api-key", "list-key"))
                .singletons(Clock.systemUTC()).start();
        gateway = context.getBean(PsaGateway.class);
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

    private static PsaCall call(Duration timeout) {
        return new PsaCall(TENANT, "poll-1", timeout);
    }

    private static String tickets(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "{\"ticket_id\":\"t" + i + "\",\"priority_name\":\"high\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private void page(int page, String data, boolean hasNext) {
        psa.answer(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets"))
                .withQueryParam("page", WireMock.equalTo(String.valueOf(page))), 200,
                "{\"data\":" + data + ",\"pagination\":{\"page\":" + page + ",\"limit\":100,\"total\":150,"
                        + "\"totalPages\":2,\"hasNext\":" + hasNext + ",\"hasPrev\":" + (page > 1) + "}}");
    }

    @Test
    void the_filters_become_query_parameters_and_pages_are_followed_until_the_psa_has_no_more() throws Exception {
        page(1, tickets(1, 100), true);
        page(2, tickets(101, 150), false);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("is_open", true);
        filters.put("status_ids", List.of(STATUS, STATUS));
        filters.put("client_name", "Acme & Co");

        PsaList list = gateway.listTickets(call(Duration.ofSeconds(5)), filters, 1000);

        assertThat(list.items()).hasSize(150);
        assertThat(list.items().getFirst()).containsEntry("ticket_id", "t1");
        assertThat(list.items().getLast()).containsEntry("ticket_id", "t150");
        assertThat(list.truncated()).isFalse();
        List<LoggedRequest> requests = psa.requests();
        assertThat(requests).hasSize(2);
        LoggedRequest first = requests.getFirst();
        assertThat(first.getMethod().getName()).isEqualTo("GET");
        assertThat(first.queryParameter("is_open").firstValue()).isEqualTo("true");
        assertThat(first.queryParameter("status_ids").firstValue()).isEqualTo(STATUS + "," + STATUS);
        assertThat(first.queryParameter("client_name").firstValue()).isEqualTo("Acme & Co");
        assertThat(first.queryParameter("limit").firstValue()).isEqualTo("100");
        assertThat(first.getHeader("x-api-key")).isEqualTo("list-key");
        assertThat(first.containsHeader("Idempotency-Key")).isFalse();
        assertThat(requests.get(1).queryParameter("page").firstValue()).isEqualTo("2");
    }

    @Test
    void the_listing_stops_at_the_bound_and_says_it_was_cut_short() throws Exception {
        page(1, tickets(1, 100), true);
        page(2, tickets(101, 200), true);
        page(3, tickets(201, 300), true);

        PsaList list = gateway.listTickets(call(Duration.ofSeconds(5)), Map.of(), 150);

        assertThat(list.items()).hasSize(150);
        assertThat(list.truncated()).isTrue();
        assertThat(psa.requests()).hasSize(2);
    }

    @Test
    void a_listing_that_fits_the_bound_exactly_is_not_cut_short() throws Exception {
        page(1, tickets(1, 5), false);

        PsaList list = gateway.listTickets(call(Duration.ofSeconds(5)), Map.of(), 5);

        assertThat(list.items()).hasSize(5);
        assertThat(list.truncated()).isFalse();
        assertThat(psa.requests().getFirst().queryParameter("limit").firstValue()).isEqualTo("6");
    }

    @Test
    void a_server_error_of_the_psa_fails_retryably_with_its_message() {
        psa.answer(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets")), 503,
                "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}}");

        PsaFailureException failure = catchThrowableOfType(PsaFailureException.class,
                () -> gateway.listTickets(call(Duration.ofSeconds(5)), Map.of(), 10));

        assertThat(failure.code()).isEqualTo(PsaFailureException.SERVER_ERROR);
        assertThat(failure.getMessage()).contains("UNAVAILABLE: maintenance");
    }

    @Test
    void an_answer_without_a_data_array_is_invalid() {
        psa.answer(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets")), 200, "{\"data\":{\"ticket_id\":\"t1\"}}");

        PsaFailureException failure = catchThrowableOfType(PsaFailureException.class,
                () -> gateway.listTickets(call(Duration.ofSeconds(5)), Map.of(), 10));

        assertThat(failure.code()).isEqualTo(PsaFailureException.INVALID_RESPONSE);
    }

    @Test
    void a_psa_that_does_not_answer_in_time_fails_with_a_timeout() {
        psa.server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(200).withFixedDelay(2_000).withBody("{\"data\":[]}")));

        PsaFailureException failure = catchThrowableOfType(PsaFailureException.class,
                () -> gateway.listTickets(call(Duration.ofMillis(300)), Map.of(), 10));

        assertThat(failure.code()).isEqualTo(PsaFailureException.TIMEOUT);
    }
}
