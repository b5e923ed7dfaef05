package io.ruleworks.adapter.in.http.hook;

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
import io.ruleworks.application.port.in.ReceiveHookUseCase;
import io.ruleworks.application.port.in.ReceiveHookUseCase.HookDelivery;
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

    @Post(uri = "/{ruleId}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> receive(@PathVariable String ruleId, HttpRequest<?> request, @Nullable @Body byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > maxBodyBytes) {
            failures.refused(ruleId, "HOOK_BODY_TOO_LARGE");
            return ErrorResponses.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "HOOK_BODY_TOO_LARGE",
                    "The body exceeds " + maxBodyBytes + " bytes", Map.of("max_bytes", maxBodyBytes));
        }
        HttpHeaders headers = request.getHeaders();
        HookDelivery delivery = new HookDelivery(ruleId, Optional.ofNullable(headers.get(TIMESTAMP_HEADER)),
                Optional.ofNullable(headers.get(SIGNATURE_HEADER)), Optional.ofNullable(headers.get(DELIVERY_HEADER)),
                raw, jsonObject(raw), safeHeaders(headers));
        try {
            ExecutionId id = receive.receive(delivery);
            return HttpResponse.accepted().body(new DataResponse<>(Map.of("execution_id", id.value())));
        } catch (HookRejectedException e) {
            failures.refused(ruleId, e.code());
            throw e;
        }
    }

    private Optional<Map<String, Object>> jsonObject(byte[] raw) {
        try {
            JsonNode node = mapper.readTree(raw);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.convertValue(node, LinkedHashMap.class);
            return Optional.of(map);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
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
