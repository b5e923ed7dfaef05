package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.action.net.OnFirstUse;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link PsaGateway} over the Alga PSA REST API ({@code alga-psa-targets-openapi.json}) with the
 * JDK HTTP client: JSON bodies, the tenant's key in {@code x-api-key} (the contract's ApiKeyAuth),
 * the call's idempotency key in {@code Idempotency-Key} (writes only). 2xx with a {@code data} object
 * (a {@code data} array for lists) succeeds; any other answer becomes a {@link PsaFailureException}
 * carrying the PSA's error message.
 */
@Singleton
public class HttpPsaGateway implements PsaGateway {

    static final String API_KEY_HEADER = "x-api-key";
    /** A PSA answer larger than this is not read further: no record of ours is that large. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final int MAX_ERROR_MESSAGE = 500;

    /** Built by the first call: building a JDK client loads the default TLS context (~0.1 s of a start). */
    private final OnFirstUse<HttpClient> client = new OnFirstUse<>(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
    private final PsaTenantSettings settings;
    private final JsonMapper json;

    public HttpPsaGateway(PsaTenantSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public PsaRecord createTicket(PsaCall call, NewTicket ticket) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", ticket.title());
        ticket.summary().ifPresent(v -> body.put("summary", v));
        ticket.clientId().ifPresent(v -> body.put("client_id", v.toString()));
        ticket.boardId().ifPresent(v -> body.put("board_id", v.toString()));
        ticket.statusId().ifPresent(v -> body.put("status_id", v.toString()));
        ticket.priorityId().ifPresent(v -> body.put("priority_id", v.toString()));
        ticket.priority().ifPresent(p -> body.put("priority_id", priorityId(call.tenant(), p).toString()));
        return send(call, "POST", "/api/v1/tickets", body, "ticket_id", Optional.empty());
    }

    @Override
    public PsaRecord updateTicket(PsaCall call, UUID ticketId, TicketChanges changes) throws InterruptedException {
        return send(call, "PUT", "/api/v1/tickets/" + ticketId, ticketBody(call, changes), "ticket_id",
                Optional.of(ticketId.toString()));
    }

    @Override
    public PsaRecord closeTicket(PsaCall call, UUID ticketId, UUID closedStatusId, TicketChanges changes)
            throws InterruptedException {
        Map<String, Object> body = ticketBody(call, changes);
        body.put("status_id", closedStatusId.toString());
        return send(call, "PUT", "/api/v1/tickets/" + ticketId, body, "ticket_id", Optional.of(ticketId.toString()));
    }

    @Override
    public PsaRecord assignTicket(PsaCall call, UUID ticketId, UUID assignee, TicketChanges changes)
            throws InterruptedException {
        Map<String, Object> body = ticketBody(call, changes);
        body.put("assigned_to", assignee.toString());
        return send(call, "PUT", "/api/v1/tickets/" + ticketId, body, "ticket_id", Optional.of(ticketId.toString()));
    }

    @Override
    public PsaRecord updateProject(PsaCall call, UUID projectId, ProjectChanges changes) throws InterruptedException {
        return send(call, "PUT", "/api/v1/projects/" + projectId, new LinkedHashMap<>(changes.fields()), "project_id",
                Optional.of(projectId.toString()));
    }

    @Override
    public PsaRecord createTimeEntry(PsaCall call, NewTimeEntry entry) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("work_item_type", entry.workItemType());
        body.put("work_item_id", entry.workItemId());
        entry.userId().ifPresent(v -> body.put("user_id", v.toString()));
        body.put("started_at", entry.startedAt().toString());
        body.put("ended_at", entry.endedAt().toString());
        entry.durationMinutes().ifPresent(v -> body.put("duration_minutes", v));
        entry.billableMinutes().ifPresent(v -> body.put("billable_minutes", v));
        entry.notes().ifPresent(v -> body.put("notes", v));
        return send(call, "POST", "/api/v1/time-entries", body, "entry_id", Optional.empty());
    }

    @Override
    public PsaRecord generateInvoice(PsaCall call, InvoiceSelector selector) throws InterruptedException {
        Map<String, Object> window = new LinkedHashMap<>();
        boolean contract = selector.cadenceOwner() == CadenceOwner.CONTRACT;
        window.put("kind", contract ? "contract_cadence_window" : "client_cadence_window");
        window.put("identityKey", selector.identityKey());
        window.put("cadenceOwner", selector.cadenceOwner().name().toLowerCase(Locale.ROOT));
        window.put("clientId", selector.clientId().toString());
        selector.billingCycleId().ifPresent(v -> window.put("billingCycleId", v.toString()));
        selector.contractId().ifPresent(v -> window.put("contractId", v.toString()));
        selector.contractLineId().ifPresent(v -> window.put("contractLineId", v.toString()));
        window.put("windowStart", selector.windowStart().toString());
        window.put("windowEnd", selector.windowEnd().toString());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clientId", selector.clientId().toString());
        input.put("windowStart", selector.windowStart().toString());
        input.put("windowEnd", selector.windowEnd().toString());
        input.put("executionWindow", window);
        return send(call, "POST", "/api/v1/invoices/generate", Map.of("selector_input", input), "invoice_id",
                Optional.empty());
    }

    /** The PSA's largest page (its list endpoints take {@code limit} 1..100). */
    static final int PAGE_SIZE = 100;

    @Override
    public PsaList listTickets(PsaCall call, Map<String, Object> filters, int maxItems) throws InterruptedException {
        PsaTenantSettings.Endpoint endpoint = settings.endpoint(call.tenant());
        long deadline = System.nanoTime() + call.timeout().toNanos();
        List<Map<String, Object>> items = new ArrayList<>();
        // one page size throughout (pages are offsets of it); one ticket more than wanted tells truncation
        int limit = Math.min(PAGE_SIZE, maxItems + 1);
        for (int page = 1; ; page++) {
            String path = "/api/v1/tickets?" + query(filters, page, limit);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new PsaFailureException(PsaFailureException.TIMEOUT, "The PSA did not list tickets within "
                        + call.timeout().toMillis() + " ms", true, OptionalInt.empty(), null);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                    .timeout(left)
                    .header(API_KEY_HEADER, endpoint.apiKey())
                    .header("Accept", "application/json")
                    .header("User-Agent", "Ruleworks/1")
                    .GET()
                    .build();
            Answer answer = exchange(call, endpoint, request, "GET", "/api/v1/tickets");
            Map<?, ?> envelope = envelope(answer.status(), answer.body());
            if (!(envelope.get("data") instanceof List<?> data)) {
                throw invalid(answer.status(), "its body has no data array");
            }
            for (Object item : data) {
                if (!(item instanceof Map<?, ?> ticket)) {
                    throw invalid(answer.status(), "its data array holds something that is not an object");
                }
                if (items.size() == maxItems) {
                    return new PsaList(items, true);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) ticket;
                items.add(typed);
            }
            if (data.isEmpty() || !hasNext(envelope, data.size(), limit)) {
                return new PsaList(items, false);
            }
        }
    }

    /** Whether the PSA says another page follows: its pagination.hasNext, else a full page. */
    private static boolean hasNext(Map<?, ?> envelope, int received, int limit) {
        if (envelope.get("pagination") instanceof Map<?, ?> pagination && pagination.get("hasNext") instanceof Boolean b) {
            return b;
        }
        return received >= limit;
    }

    private static String query(Map<String, Object> filters, int page, int limit) {
        StringBuilder query = new StringBuilder();
        filters.forEach((name, value) -> {
            String text = value instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                    : String.valueOf(value);
            query.append(encode(name)).append('=').append(encode(text)).append('&');
        });
        return query.append("page=").append(page).append("&limit=").append(limit).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private Map<String, Object> ticketBody(PsaCall call, TicketChanges changes) {
        Map<String, Object> body = new LinkedHashMap<>(changes.fields());
        changes.priority().ifPresent(p -> body.put("priority_id", priorityId(call.tenant(), p).toString()));
        return body;
    }

    private UUID priorityId(TenantId tenant, PriorityName priority) {
        try {
            return settings.priorityId(tenant, priority.name()).orElseThrow(() -> new PsaFailureException(
                    PsaFailureException.PRIORITY_NOT_MAPPED, "Priority " + priority.name() + " has no PSA priority id: "
                    + "set ruleworks.psa.tenants." + tenant + ".priority-ids." + priority.name()
                    + " (or ruleworks.psa.default.priority-ids." + priority.name() + ")", false, OptionalInt.empty(),
                    null));
        } catch (IllegalArgumentException e) {
            throw PsaFailureException.notConfigured(tenant, "priority-ids." + priority.name() + " is not a UUID");
        }
    }

    private PsaRecord send(PsaCall call, String method, String path, Map<String, Object> body, String idField,
                           Optional<String> knownId) throws InterruptedException {
        PsaTenantSettings.Endpoint endpoint = settings.endpoint(call.tenant());
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new PsaFailureException(PsaFailureException.INVALID_RESPONSE, "request body cannot be written as JSON",
                    false, OptionalInt.empty(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(call.timeout())
                .header(API_KEY_HEADER, endpoint.apiKey())
                .header("Idempotency-Key", call.idempotencyKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "Ruleworks/1")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        Answer answer = exchange(call, endpoint, request, method, path);
        Map<String, Object> data = successData(answer.status(), answer.body());
        Optional<String> id = idOf(data, idField).or(() -> knownId);
        return new PsaRecord(id, data);
    }

    /** A 2xx answer's status and body (at most {@link #MAX_RESPONSE_BYTES} + 1 bytes). */
    private record Answer(int status, byte[] body) {
    }

    private Answer exchange(PsaCall call, PsaTenantSettings.Endpoint endpoint, HttpRequest request, String method,
                            String path) throws InterruptedException {
        HttpResponse<InputStream> response;
        byte[] answer;
        try {
            response = client.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new PsaFailureException(PsaFailureException.TIMEOUT, "The PSA did not answer " + method + " " + path
                    + " within " + call.timeout().toMillis() + " ms", true, OptionalInt.empty(), e);
        } catch (IOException e) {
            throw new PsaFailureException(PsaFailureException.UNREACHABLE, "The PSA at " + endpoint.baseUrl()
                    + " could not be reached: " + e, true, OptionalInt.empty(), e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw PsaFailureException.answered(status, errorMessage(answer));
        }
        return new Answer(status, answer);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> successData(int status, byte[] answer) {
        if (envelope(status, answer).get("data") instanceof Map<?, ?> data) {
            return (Map<String, Object>) data;
        }
        throw invalid(status, "its body has no data object");
    }

    /** The PSA's JSON success envelope. */
    private Map<?, ?> envelope(int status, byte[] answer) {
        if (answer.length > MAX_RESPONSE_BYTES) {
            throw invalid(status, "its body is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = json.readValue(answer, Object.class);
        } catch (IOException | RuntimeException e) {
            throw invalid(status, "its body is not JSON");
        }
        if (parsed instanceof Map<?, ?> envelope) {
            return envelope;
        }
        throw invalid(status, "its body is not a JSON object");
    }

    private static PsaFailureException invalid(int status, String why) {
        return new PsaFailureException(PsaFailureException.INVALID_RESPONSE, "The PSA answered HTTP " + status
                + " but " + why, false, OptionalInt.of(status), null);
    }

    private static Optional<String> idOf(Map<String, Object> data, String idField) {
        Object id = data.get(idField) != null ? data.get(idField) : data.get("id");
        return id instanceof String || id instanceof Number ? Optional.of(String.valueOf(id)) : Optional.empty();
    }

    /** The PSA's {@code error.message} (WorkV1ApiError), else the start of the body as text. */
    private String errorMessage(byte[] answer) {
        String text = new String(answer, 0, Math.min(answer.length, MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
        try {
            if (json.readValue(text, Object.class) instanceof Map<?, ?> envelope
                    && envelope.get("error") instanceof Map<?, ?> error && error.get("message") instanceof String m) {
                Object code = error.get("code");
                return bounded(code instanceof String c ? c + ": " + m : m);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        return text.isBlank() ? "(empty body)" : bounded(text);
    }

    private static String bounded(String text) {
        return text.length() > MAX_ERROR_MESSAGE ? text.substring(0, MAX_ERROR_MESSAGE) + "…" : text;
    }
}
