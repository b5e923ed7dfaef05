package io.ruleworks.adapter.out.action.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.context.ApplicationContext;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** sms_notification against a Twilio-shaped HTTP peer (WireMock on 127.0.0.1). */
class SmsNotificationRunnerTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "token-42";
    private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    private static WireMockServer gateway;
    private ApplicationContext context;

    @BeforeAll
    static void startGateway() {
        gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.stop();
    }

    @BeforeEach
    void startContext() {
        gateway.resetAll();
        context = gatewayContext("10s");
    }

    private static ApplicationContext gatewayContext(String timeout) {
        return ApplicationContext.run(Map.of(
                "ruleworks.sms.base-url", "http://127.0.0.1:" + gateway.port() + "/",
                "ruleworks.sms.account-sid", SID,
                "ruleworks.sms.auth-token", TOKEN,
                "ruleworks.sms.from", "+15005550006",
                "ruleworks.sms.timeout", timeout));
    }

    @AfterEach
    void stopContext() {
        context.close();
    }

    private ActionRunner runner() {
        return context.getBean(SmsNotificationRunner.class);
    }

    private static ActionRunner.Invocation invocation(Map<String, Object> config, int attempt) {
        ExecutionId execution = new ExecutionId(UUID.fromString("11111111-2222-4333-8444-555555555555"));
        return new ActionRunner.Invocation(new TenantId(UUID.randomUUID()), new RuleId(UUID.randomUUID()), execution,
                3, 4, attempt, config, Duration.ofSeconds(10), execution + ":0:3:" + attempt, Map.of(),
                ActionConfig.parse(ActionType.SMS_NOTIFICATION, config));
    }

    private static Map<String, Object> sms(List<String> numbers, Object... extra) {
        Map<String, Object> config = new HashMap<>(Map.of("phone_numbers", numbers,
                "message", "Ticket T-1 escalated: café ☕ & more"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    private static void answer(String to, int status, String body) {
        gateway.stubFor(post(urlEqualTo(PATH)).withRequestBody(containing("To=" + to.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("results");
    }

    private static String queued(String sid) {
        return "{\"sid\":\"" + sid + "\",\"status\":\"queued\"}";
    }

    private static ActionFailedException failureOf(ActionRunner runner, ActionRunner.Invocation invocation) {
        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class, () -> runner.run(invocation));
        assertThat(failure).as("the action should have failed").isNotNull();
        return failure;
    }

    @Test
    void each_number_gets_a_form_post_with_basic_auth_and_a_per_recipient_idempotency_key() throws Exception {
        answer("+14155550100", 201, queued("SM1"));
        answer("+4930123456", 201, queued("SM2"));

        Map<String, Object> result = runner().run(invocation(sms(List.of("+14155550100", "+4930123456")), 1));

        List<LoggedRequest> requests = gateway.findAll(postRequestedFor(urlEqualTo(PATH))
                .withBasicAuth(new BasicCredentials(SID, TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded")));
        assertThat(requests).hasSize(2);
        LoggedRequest first = requests.getFirst();
        assertThat(first.formParameters()).containsOnlyKeys("To", "From", "Body");
        assertThat(first.formParameter("To").firstValue()).isEqualTo("+14155550100");
        assertThat(first.formParameter("From").firstValue()).isEqualTo("+15005550006");
        assertThat(first.formParameter("Body").firstValue()).isEqualTo("Ticket T-1 escalated: café ☕ & more");
        assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(
                "11111111-2222-4333-8444-555555555555:0:3:0", "11111111-2222-4333-8444-555555555555:0:3:1");
        assertThat(result).containsEntry("sent", 2).containsEntry("failed", 0);
        assertThat(results(result)).containsExactly(
                Map.of("phone_number", "+14155550100", "status", "sent", "sid", "SM1", "provider_status", "queued"),
                Map.of("phone_number", "+4930123456", "status", "sent", "sid", "SM2", "provider_status", "queued"));
    }

    @Test
    void the_sender_id_of_the_action_replaces_the_configured_sender() throws Exception {
        answer("+14155550100", 201, queued("SM1"));

        runner().run(invocation(sms(List.of("+14155550100"), "sender_id", "Ruleworks"), 1));

        gateway.verify(postRequestedFor(urlEqualTo(PATH)).withFormParam("From", equalTo("Ruleworks")));
    }

    @Test
    void a_retry_of_the_action_sends_the_same_idempotency_keys() throws Exception {
        answer("+14155550100", 201, queued("SM1"));

        runner().run(invocation(sms(List.of("+14155550100")), 1));
        runner().run(invocation(sms(List.of("+14155550100")), 2));

        assertThat(gateway.findAll(postRequestedFor(urlEqualTo(PATH)))).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsExactly("11111111-2222-4333-8444-555555555555:0:3:0",
                        "11111111-2222-4333-8444-555555555555:0:3:0");
    }

    @Test
    void a_refused_number_does_not_stop_the_others() throws Exception {
        answer("+14155550100", 400, "{\"code\":21211,\"message\":\"The 'To' number +14155550100 is not a valid "
                + "phone number.\",\"status\":400}");
        answer("+4930123456", 201, queued("SM2"));

        Map<String, Object> result = runner().run(invocation(sms(List.of("+14155550100", "+4930123456")), 1));

        assertThat(result).containsEntry("sent", 1).containsEntry("failed", 1);
        List<Map<String, Object>> results = results(result);
        assertThat(results.get(0)).containsEntry("phone_number", "+14155550100")
                .containsEntry("status", "failed").containsEntry("error_code", 21211).containsEntry("http_status", 400)
                .hasEntrySatisfying("error", e -> assertThat((String) e).contains("is not a valid phone number"));
        assertThat(results.get(1)).containsEntry("status", "sent").containsEntry("sid", "SM2");
    }

    @Test
    void when_every_number_is_refused_the_action_fails_for_good_with_the_gateway_message() {
        answer("+14155550100", 400, "{\"code\":21211,\"message\":\"The 'To' number is not valid.\",\"status\":400}");

        ActionFailedException failure = failureOf(runner(), invocation(sms(List.of("+14155550100")), 1));

        assertThat(failure.code()).isEqualTo("SMS_REJECTED");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("The 'To' number is not valid.").contains("21211");
    }

    @Test
    void a_gateway_5xx_for_every_number_is_retryable() {
        answer("+14155550100", 503, "{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}");
        answer("+4930123456", 400, "{\"code\":21211,\"message\":\"invalid\",\"status\":400}");

        ActionFailedException failure = failureOf(runner(), invocation(sms(List.of("+14155550100", "+4930123456")), 1));

        assertThat(failure.code()).isEqualTo("SMS_GATEWAY_ERROR");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void a_gateway_that_does_not_answer_in_time_is_a_retryable_timeout() {
        gateway.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(queued("SM1"))
                .withFixedDelay(2_000)));

        ActionFailedException failure;
        try (ApplicationContext impatient = gatewayContext("300ms")) {
            failure = failureOf(impatient.getBean(SmsNotificationRunner.class),
                    invocation(sms(List.of("+14155550100")), 1));
        }

        assertThat(failure.code()).isEqualTo("SMS_TIMEOUT");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void without_gateway_credentials_the_action_fails_clearly() {
        try (ApplicationContext bare = ApplicationContext.run()) {
            ActionFailedException failure = failureOf(bare.getBean(SmsNotificationRunner.class),
                    invocation(sms(List.of("+14155550100")), 1));

            assertThat(failure.code()).isEqualTo("SMS_NOT_CONFIGURED");
            assertThat(failure.retryable()).isFalse();
            assertThat(bare.getBean(SmsSettings.class).baseUrl()).isEqualTo(SmsSettings.TWILIO);
        }
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }
}
