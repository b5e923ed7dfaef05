package io.ruleworks.adapter.out.action.sms;

import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.action.net.OnFirstUse;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.SmsNotificationConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * sms_notification: one Twilio-compatible {@code POST .../Messages.json} per phone number (form
 * fields To, From, Body; HTTP Basic with the account SID and auth token). Each recipient gets its
 * own result; the action succeeds when at least one message was accepted and fails only when all
 * were refused: retryably if any refusal was a 429, a 5xx, a timeout or a network error, for good
 * if all were other 4xx. Each request carries {@code Idempotency-Key: <execution>:<execution
 * retry>:<action index>:<recipient index>}, the same for every attempt of the action, so a
 * gateway that honours it sends each recipient at most once per execution retry.
 */
@Singleton
public class SmsNotificationRunner implements ActionRunner {

    private static final int MAX_ERROR_TEXT = 300;

    private final SmsSettings settings;
    private final JsonMapper json;
    /** Built by the first send: building a JDK client loads the default TLS context (~0.1 s of a start). */
    private final OnFirstUse<HttpClient> client;

    public SmsNotificationRunner(SmsSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.client = new OnFirstUse<>(() -> HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public ActionType type() {
        return ActionType.SMS_NOTIFICATION;
    }

    /** The outcome of one recipient. */
    private record Delivery(Map<String, Object> result, Optional<ActionFailedException> failure) {
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        if (!settings.configured()) {
            throw new ActionFailedException("SMS_NOT_CONFIGURED", "No SMS gateway is configured: set "
                    + "ruleworks.sms.account-sid and ruleworks.sms.auth-token", false);
        }
        SmsNotificationConfig config = invocation.typedConfig(SmsNotificationConfig.class);
        Optional<String> sender = config.senderId().or(settings::from);
        if (sender.isEmpty()) {
            throw new ActionFailedException("SMS_NOT_CONFIGURED", "No sender: set ruleworks.sms.from or the "
                    + "action's sender_id", false);
        }
        List<String> numbers = config.phoneNumbers();
        String message = config.message();
        Duration timeout = settings.timeout().compareTo(invocation.timeout()) < 0 ? settings.timeout()
                : invocation.timeout();
        String scope = scope(invocation.idempotencyKey());

        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            deliveries.add(send(numbers.get(i), sender.get(), message, timeout, scope + ":" + i));
        }
        List<ActionFailedException> failures = deliveries.stream().flatMap(d -> d.failure().stream()).toList();
        if (!deliveries.isEmpty() && failures.size() == deliveries.size()) {
            throw allFailed(failures);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("results", deliveries.stream().map(Delivery::result).toList());
        result.put("sent", deliveries.size() - failures.size());
        result.put("failed", failures.size());
        return result;
    }

    private Delivery send(String to, String from, String message, Duration timeout, String idempotencyKey)
            throws InterruptedException {
        String form = "To=" + encode(to) + "&From=" + encode(from) + "&Body=" + encode(message);
        String credentials = settings.accountSid().orElseThrow() + ":" + settings.authToken().orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(settings.messagesUri())
                .timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("User-Agent", "Ruleworks/1")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("phone_number", to);
        HttpResponse<String> response;
        try {
            response = client.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return failed(result, new ActionFailedException("SMS_TIMEOUT", "No answer from the SMS gateway within "
                    + timeout.toSeconds() + " s", true, e));
        } catch (IOException e) {
            return failed(result, new ActionFailedException("SMS_GATEWAY_UNREACHABLE", "The SMS gateway cannot be "
                    + "reached: " + e.getMessage(), true, e));
        }
        Map<String, Object> answer = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            result.put("status", "sent");
            result.put("sid", answer.get("sid"));
            result.put("provider_status", answer.get("status"));
            return new Delivery(result, Optional.empty());
        }
        String detail = answer.get("message") instanceof String m ? m : truncate(response.body());
        Object providerCode = answer.get("code");
        result.put("http_status", status);
        if (providerCode != null) {
            result.put("error_code", providerCode);
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        String code = retryable ? (status == 429 ? "SMS_RATE_LIMITED" : "SMS_GATEWAY_ERROR") : "SMS_REJECTED";
        return failed(result, new ActionFailedException(code, to + ": HTTP " + status
                + (providerCode == null ? "" : " (" + providerCode + ")") + " " + detail, retryable));
    }

    private static Delivery failed(Map<String, Object> result, ActionFailedException failure) {
        result.put("status", "failed");
        result.put("error", failure.getMessage());
        return new Delivery(result, Optional.of(failure));
    }

    /** All recipients failed: retryable when any failure may pass on another attempt. */
    private static ActionFailedException allFailed(List<ActionFailedException> failures) {
        ActionFailedException representative = failures.stream().filter(ActionFailedException::retryable)
                .findFirst().orElse(failures.getFirst());
        String detail = failures.stream().map(Throwable::getMessage).limit(5).collect(Collectors.joining("; "));
        if (failures.size() > 5) {
            detail += "; and " + (failures.size() - 5) + " more";
        }
        return new ActionFailedException(representative.code(), "No SMS was sent: " + detail,
                representative.retryable(), representative.getCause());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String body) {
        try {
            Object value = json.readValue(body, Object.class);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException | RuntimeException notJson) {
            return Map.of();
        }
    }

    /** The invocation's idempotency key without its trailing attempt number. */
    static String scope(String idempotencyKey) {
        int attempt = idempotencyKey.lastIndexOf(':');
        return attempt > 0 ? idempotencyKey.substring(0, attempt) : idempotencyKey;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }
}
