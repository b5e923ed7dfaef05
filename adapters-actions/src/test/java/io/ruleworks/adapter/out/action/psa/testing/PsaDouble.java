package io.ruleworks.adapter.out.action.psa.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock stand-in for the Alga PSA on 127.0.0.1. By default it answers each contract operation
 * the way the PSA does (201/200 with {@code {"data": {...}}} carrying the record's id); tests
 * override single answers. {@link #contractViolations()} checks every request it received against
 * the PSA contract.
 */
public final class PsaDouble implements AutoCloseable {

    public static final String TICKET_ID = "7d9e2c1a-5b4f-4e3d-8c2b-1a0f9e8d7c6b";
    public static final String ENTRY_ID = "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901";
    public static final String INVOICE_ID = "9a8b7c6d-5e4f-4321-8fed-cba987654321";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    public PsaDouble() {
        server.start();
        reset();
    }

    /** Forgets requests and overrides; answers like the PSA again. */
    public void reset() {
        server.resetAll();
        stub(WireMock.post(WireMock.urlPathMatching("(/[^/]+)*/api/v1/tickets")), 201,
                "{\"data\":{\"ticket_id\":\"" + TICKET_ID + "\",\"ticket_number\":\"T-1001\",\"title\":\"Mail down\"}}");
        stub(WireMock.put(WireMock.urlPathMatching("(/[^/]+)*/api/v1/tickets/[^/]+")), 200,
                "{\"data\":{\"ticket_id\":\"" + TICKET_ID + "\",\"updated\":true}}");
        stub(WireMock.put(WireMock.urlPathMatching("(/[^/]+)*/api/v1/projects/[^/]+")), 200,
                "{\"data\":{\"project_name\":\"Migration\"}}");
        stub(WireMock.post(WireMock.urlPathMatching("(/[^/]+)*/api/v1/time-entries")), 201,
                "{\"data\":{\"entry_id\":\"" + ENTRY_ID + "\"}}");
        stub(WireMock.post(WireMock.urlPathMatching("(/[^/]+)*/api/v1/invoices/generate")), 201,
                "{\"data\":{\"invoice_id\":\"" + INVOICE_ID + "\",\"invoice_number\":\"INV-7\"}}");
    }

    private void stub(MappingBuilder request, int status, String body) {
        server.stubFor(request.atPriority(10).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** Adds an answer that wins over the defaults. */
    public void answer(MappingBuilder request, int status, String body) {
        server.stubFor(request.atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The requests received, oldest first. */
    public List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest).toList();
    }

    /** Every contract violation of every request received, prefixed with the request line. */
    public List<String> contractViolations() {
        List<String> all = new ArrayList<>();
        for (LoggedRequest r : requests()) {
            String path = r.getUrl().replaceFirst("\\?.*$", "").replaceFirst("^.*?(/api/v1/)", "$1");
            PsaContract.get().violations(r.getMethod().getName(), path, r::getHeader, r.getBodyAsString())
                    .forEach(v -> all.add(r.getMethod().getName() + " " + r.getUrl() + ": " + v));
        }
        return all;
    }

    @Override
    public void close() {
        server.stop();
    }
}
