package io.ruleworks.adapter.in.http.event;

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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.idempotency.IdempotencyKeys;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.application.port.in.event.IngestEventUseCase;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestEventCommand;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestResult;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.ValidationException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Extension: event ingestion, which fires the tenant's event_based rules (docs/triggers.md#event_based). */
@Controller
@Tag(name = ApiDocumentation.EVENTS)
@StandardErrors
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {

    public static final String EVENTS = "/api/v1/automation/events";

    private final IngestEventUseCase ingest;
    private final RequestBodyReader bodies;

    public EventController(IngestEventUseCase ingest, RequestBodyReader bodies) {
        this.ingest = ingest;
        this.bodies = bodies;
    }

    @Operation(operationId = "ingestAutomationEvent", summary = "Ingest an event",
            description = "Extension: records an event and fires the matching event_based rules (debounced or batched ones later). Idempotency-Key makes a repeat return the first result. Needs automation:execute.",
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @ApiResponse(responseCode = "202", description = "The event id, the rules it matched, executions created now and deferred ones.")
    @ApiResponse(responseCode = "400", description = "Invalid body (VALIDATION_ERROR with details.field) or IDEMPOTENCY_KEY_REUSED.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Post(uri = EVENTS, consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<EventIngestedDto>> ingest(@Parameter(hidden = true) Caller caller,
                                                               @Nullable @Header(IdempotencyKeys.HEADER) String key,
                                                               @Nullable @Body String body) {
        caller.require(Permission.EXECUTE);
        Optional<String> idempotencyKey = IdempotencyKeys.key(key);
        IngestEventRequest request = bodies.read(body, "IngestEventRequest", IngestEventRequest.class);
        IngestResult result = ingest.ingest(new IngestEventCommand(caller, request.eventType(),
                Optional.ofNullable(request.eventSource()), request.payload(), occurredAt(request.occurredAt()),
                idempotencyKey, IdempotencyKeys.fingerprint("event", body)));
        return HttpResponse.accepted().body(new DataResponse<>(new EventIngestedDto(result.eventId(),
                result.matchedRules().stream().map(r -> r.value()).toList(),
                result.executions().stream().map(e -> e.value()).toList(),
                result.deferred().stream().map(d -> new EventIngestedDto.DeferredDto(d.ruleId().value(), d.reason(),
                        d.firesAt().orElse(null))).toList())));
    }

    private static Optional<Instant> occurredAt(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw ValidationException.of("occurred_at", "must be an ISO 8601 date-time with an offset");
        }
    }
}
