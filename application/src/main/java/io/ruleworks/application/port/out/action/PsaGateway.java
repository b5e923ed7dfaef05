package io.ruleworks.application.port.out.action;

import io.ruleworks.domain.shared.TenantId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The Alga PSA as the core sees it: the writes the PSA action types make (tickets, projects, time
 * entries, invoices), each on behalf of one tenant. Where and how to reach the tenant's PSA (base
 * URL, API key) is the adapter's business, never the rule's. Reads for condition polling
 * ({@link #listTickets}) take a {@link PsaCall} too; a read does not send its idempotency key.
 *
 * <p>Every operation either returns what the PSA answered or throws {@link PsaFailureException}
 * saying whether another attempt may help.
 */
public interface PsaGateway {

    /** POST /api/v1/tickets. */
    PsaRecord createTicket(PsaCall call, NewTicket ticket) throws InterruptedException;

    /** PUT /api/v1/tickets/{id} with the given changes. */
    PsaRecord updateTicket(PsaCall call, UUID ticketId, TicketChanges changes) throws InterruptedException;

    /**
     * Closes a ticket. The PSA has no close endpoint: this is an update setting the ticket's
     * status to {@code closedStatusId} (a status the tenant's PSA treats as closed), with any
     * further changes.
     */
    PsaRecord closeTicket(PsaCall call, UUID ticketId, UUID closedStatusId, TicketChanges changes)
            throws InterruptedException;

    /** Assigns a ticket: an update of {@code assigned_to}, with any further changes. */
    PsaRecord assignTicket(PsaCall call, UUID ticketId, UUID assignee, TicketChanges changes)
            throws InterruptedException;

    /** PUT /api/v1/projects/{id}. */
    PsaRecord updateProject(PsaCall call, UUID projectId, ProjectChanges changes) throws InterruptedException;

    /** POST /api/v1/time-entries. */
    PsaRecord createTimeEntry(PsaCall call, NewTimeEntry entry) throws InterruptedException;

    /** POST /api/v1/invoices/generate: one recurring invoice for a client's billing window. */
    PsaRecord generateInvoice(PsaCall call, InvoiceSelector selector) throws InterruptedException;

    /**
     * GET /api/v1/tickets with the PSA's list filters ({@code is_open}, {@code status_id},
     * {@code status_ids}, {@code entered_from}...), page after page, until the PSA has no more or
     * {@code maxItems} tickets were read; the call's timeout bounds the whole listing.
     */
    PsaList listTickets(PsaCall call, Map<String, Object> filters, int maxItems) throws InterruptedException;

    /** Records read from a PSA list, in the PSA's order; {@code truncated} when there were more. */
    record PsaList(List<Map<String, Object>> items, boolean truncated) {
        public PsaList {
            items = List.copyOf(items);
        }
    }

    /**
     * Who is calling and how: the tenant whose PSA is addressed, the key the PSA may use to
     * deduplicate a repeated write (sent as {@code Idempotency-Key}), and how long to wait.
     */
    record PsaCall(TenantId tenant, String idempotencyKey, Duration timeout) {
        public PsaCall {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    /**
     * What the PSA answered: the {@code data} object of its success envelope and the id of the
     * record written (the resource's own id field, e.g. {@code ticket_id}, or {@code id}).
     */
    record PsaRecord(Optional<String> id, Map<String, Object> data) {
        public PsaRecord {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /**
     * A priority by name (low, normal, medium, high, critical). The PSA knows priorities by id
     * only; the adapter maps the name through the tenant's configuration.
     */
    record PriorityName(String name) {
        public PriorityName {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The PSA's WorkV1CreateTicketBody; {@code priority} by name is mapped onto priority_id. */
    record NewTicket(String title, Optional<String> summary, Optional<UUID> clientId, Optional<UUID> boardId,
                     Optional<UUID> statusId, Optional<UUID> priorityId, Optional<PriorityName> priority) {
        public NewTicket {
            Objects.requireNonNull(title, "title");
            if (priorityId.isPresent() && priority.isPresent()) {
                throw new IllegalArgumentException("priority_id and a priority name are exclusive");
            }
        }
    }

    /**
     * Fields of the PSA's WorkV1TicketUpdateBody (snake_case, as the PSA names them; null where
     * the PSA allows clearing a field), plus a priority by name mapped onto priority_id.
     */
    record TicketChanges(Map<String, Object> fields, Optional<PriorityName> priority) {
        public TicketChanges {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public static TicketChanges none() {
            return new TicketChanges(Map.of(), Optional.empty());
        }
    }

    /** A project update body; the PSA's contract leaves it open (WorkV1GenericBody). */
    record ProjectChanges(Map<String, Object> fields) {
        public ProjectChanges {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a project update needs at least one field");
            }
        }
    }

    /** The PSA's WorkV1CreateTimeEntryBody. */
    record NewTimeEntry(String workItemType, String workItemId, Optional<UUID> userId, Instant startedAt,
                        Instant endedAt, Optional<BigDecimal> durationMinutes, Optional<BigDecimal> billableMinutes,
                        Optional<String> notes) {
        public NewTimeEntry {
            Objects.requireNonNull(workItemType, "workItemType");
            Objects.requireNonNull(workItemId, "workItemId");
            if (!endedAt.isAfter(startedAt)) {
                throw new IllegalArgumentException("a time entry must end after it starts");
            }
        }
    }

    /** Whose billing cadence the invoice window follows. */
    enum CadenceOwner { CLIENT, CONTRACT }

    /** The PSA's InvoiceSelectorBody: which client, which window, whose cadence. */
    record InvoiceSelector(UUID clientId, LocalDate windowStart, LocalDate windowEnd, String identityKey,
                           CadenceOwner cadenceOwner, Optional<UUID> billingCycleId, Optional<UUID> contractId,
                           Optional<UUID> contractLineId) {
        public InvoiceSelector {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(identityKey, "identityKey");
            if (!windowEnd.isAfter(windowStart)) {
                throw new IllegalArgumentException("the invoice window must end after it starts");
            }
        }
    }
}
