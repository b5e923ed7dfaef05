package io.ruleworks.adapter.in.http.hook;

import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
import io.ruleworks.adapter.in.http.json.StorableJson;
import io.ruleworks.application.port.in.hook.ReceiveHookUseCase;
import io.ruleworks.application.port.in.hook.ReceiveHookUseCase.HookDelivery;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.hook.HookRejectedException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound hook of webhook-triggered rules: {@code POST /api/v1/automation/hooks/{rule_id}},
 * authenticated by its signature, not by an API key (docs/triggers.md). Answers 202 with the
 * queued execution's id.
 */
@Controller(HookController.BASE)
@Tag(name = ApiDocumentation.RULES)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HookController {

    public static final String BASE = "/api/v1/automation/hooks";
    public static final String TIMESTAMP_HEADER = "X-Ruleworks-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Ruleworks-Signature";
    public static final String DELIVERY_HEADER = "X-Ruleworks-Delivery";
    /** The request headers an execution sees, lower-cased; never credentials, cookies or the signature. */
    static final List<String> SAFE_HEADERS = List.of("content-type", "user-agent", "x-request-id",
            "x-ruleworks-delivery", "x-ruleworks-timestamp", "x-ruleworks-event");
    private static final int MAX_HEADER_VALUE = 256;

    private final ReceiveHookUseCase receive;
    private final HookFailureLog failures;
    private final long maxBodyBytes;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public HookController(ReceiveHookUseCase receive, HookFailureLog failures,
                          @Value("${ruleworks.hooks.max-body-size:256KB}") @ReadableBytes long maxBodyBytes) {
        this.receive = receive;
        this.failures = failures;
        this.maxBodyBytes = maxBodyBytes;
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public static String path(Object ruleId) {
        return BASE + "/" + ruleId;
    }

    @Operation(operationId = "receiveAutomationHook", summary = "Deliver to a webhook rule's inbound hook",
            description = "Extension: no API key; the delivery is signed with the rule's secret (X-Ruleworks-Timestamp, X-Ruleworks-Signature: v1=HMAC-SHA256 of \"<timestamp>.<body>\", X-Ruleworks-Delivery). Queues one execution per delivery id.",
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @SecurityRequirement(name = ApiDocumentation.HOOK_SIGNATURE_SCHEME)
    @ApiResponse(responseCode = "202", description = "The queued execution's id.")
    @ApiResponse(responseCode = "400", description = "Missing or malformed delivery id, or a body that is not a JSON object.", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "401", description = "Missing or invalid signature, or a timestamp outside the window (also for an unknown rule).", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "404", description = "Signed correctly, but the rule is not an active webhook rule.", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "409", description = "This delivery was received before (HOOK_DELIVERY_REPLAYED).", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than the hook body limit.", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Post(uri = "/{ruleId}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> receive(@Parameter(description = "The rule id (UUID).", schema = @Schema(type = "string", format = "uuid"))
                                   @PathVariable String ruleId, @Parameter(hidden = true) HttpRequest<?> request,
                                   @Nullable @Body byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > maxBodyBytes) {
            failures.refused(ruleId, "HOOK_BODY_TOO_LARGE");
            return ErrorResponses.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "HOOK_BODY_TOO_LARGE",
                    "The body exceeds " + maxBodyBytes + " bytes", Map.of("max_bytes", maxBodyBytes));
        }
        HttpHeaders headers = request.getHeaders();
        Optional<JsonNode> parsed = jsonObject(raw);
        HookDelivery delivery = new HookDelivery(ruleId, Optional.ofNullable(headers.get(TIMESTAMP_HEADER)),
                Optional.ofNullable(headers.get(SIGNATURE_HEADER)), Optional.ofNullable(headers.get(DELIVERY_HEADER)),
                raw, parsed.map(this::asMap), safeHeaders(headers),
                parsed.map(StorableJson::violations).orElse(List.of()));
        try {
            ExecutionId id = receive.receive(delivery);
            return HttpResponse.accepted().body(new DataResponse<>(Map.of("execution_id", id.value())));
        } catch (HookRejectedException e) {
            failures.refused(ruleId, e.code());
            throw e;
        }
    }

    private Optional<JsonNode> jsonObject(byte[] raw) {
        try {
            JsonNode node = mapper.readTree(raw);
            return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(JsonNode node) {
        return mapper.convertValue(node, LinkedHashMap.class);
    }

    private static Map<String, String> safeHeaders(HttpHeaders headers) {
        Map<String, String> safe = new LinkedHashMap<>();
        for (String name : SAFE_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                safe.put(name.toLowerCase(Locale.ROOT),
                        value.length() > MAX_HEADER_VALUE ? value.substring(0, MAX_HEADER_VALUE) : value);
            }
        }
        return safe;
    }
}
