package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import io.ruleworks.bootstrap.http.support.Reply;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life of one rule, told over real HTTP and run by the real engine: an operator issues a key,
 * a PSA admin drafts an escalation rule (an email to on-call, then a message to the team's chat),
 * finds it, switches it on and fires it; the service's queue and workers send the mail to an SMTP
 * server and the message to a chat peer, both on 127.0.0.1. When the chat peer is down the run
 * fails; once it is back the admin retries it from the failed action. The rule's page, the
 * statistics and the performance report tell how it went; the admin switches it off and retires it.
 */
@MicronautTest(transactional = false)
class RuleLifecycleScenarioTest extends HttpTestBase {

    private static final String EXECUTIONS = "/api/v1/automation/executions";
    private static final String STATISTICS = "/api/v1/automation/statistics";
    private static final String PERFORMANCE = "/api/v1/automation/performance";
    private static final String CHAT = "/chat/on-call";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RecordingSink chat = startChat();
    private final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
            .dynamicPort());

    private static RecordingSink startChat() {
        try {
            return new RecordingSink();
        } catch (IOException e) {
            throw new IllegalStateException("the chat peer did not start", e);
        }
    }

    @Override
    protected Map<String, String> settings() {
        smtp.start();
        return Map.of(
                "ruleworks.queue.poll-interval", "200ms",
                "ruleworks.engine.action-retry-base", "10ms",
                "ruleworks.engine.action-retry-cap", "50ms",
                "ruleworks.outbound.allow", "127.0.0.1/32", // the chat peer is on loopback
                "ruleworks.smtp.host", "127.0.0.1",
                "ruleworks.smtp.port", String.valueOf(smtp.getSmtp().getPort()),
                "ruleworks.smtp.from", "ruleworks@example.com",
                "ruleworks.smtp.starttls", "none",
                "ruleworks.statistics.fold-interval", "200ms");
    }

    @AfterAll
    void stopPeers() {
        chat.close();
        smtp.stop();
    }

    @Test
    void a_rule_is_drafted_activated_run_by_the_engine_retried_measured_deactivated_and_retired() throws Exception {
        // An operator issues a key for a new tenant.
        IssuedApiKey key = keys().adminOfNewTenant();
        Api admin = as(key.apiKey());

        // The admin drafts a rule that mails on-call and tells the team's chat when a critical ticket arrives.
        Reply drafted = admin.post(RULES, aRule()
                .named("Escalate critical tickets")
                .set("description", "Email on-call and post to the chat when a critical ticket is created")
                .set("trigger_type", "event_based")
                .set("trigger_config", Map.of("event_type", "ticket.created"))
                .set("conditions", List.of(Map.of(
                        "field", "ticket.priority", "operator", "equals", "value", "critical")))
                .set("actions", List.of(
                        Map.of("type", "email_notification", "order", 1, "config", Map.of(
                                "to", List.of("oncall@example.com"),
                                "subject", "Critical ticket {{trigger.ticket.id}}", "body", "Please look now.")),
                        Map.of("type", "webhook_call", "order", 2, "config", Map.of("url", chat.url(CHAT),
                                "body", Map.of("text", "{{trigger.ticket.id}} is critical")))))
                .json()).expectStatus(201);
        String ruleId = drafted.data().path("rule_id").asText();
        assertThat(drafted.data().path("status").asText()).isEqualTo("draft");

        // It shows up among the tenant's draft rules, and a draft does not run yet.
        assertThat(ids(admin.get(RULES + "?status=draft").expectStatus(200).json().path("data")))
                .containsExactly(ruleId);
        assertThat(execute(admin, ruleId, "T-1000").expectStatus(400).errorCode()).isEqualTo("RULE_NOT_ACTIVE");

        // The admin switches it on; nothing else about it changes.
        Reply activated = admin.put(RULES + "/" + ruleId, "{\"status\": \"active\"}").expectStatus(200);
        assertThat(activated.data().path("status").asText()).isEqualTo("active");
        assertThat(activated.data().path("actions")).isEqualTo(drafted.data().path("actions"));
        assertThat(ids(admin.get(RULES + "?is_active=true").expectStatus(200).json().path("data")))
                .containsExactly(ruleId);

        // A critical ticket arrives: the admin fires the rule, and the engine mails on-call and posts to the chat.
        Reply fired = execute(admin, ruleId, "T-1001").expectStatus(201);
        assertThat(fired.data().path("status").asText()).isEqualTo("pending");
        String first = fired.data().path("execution_id").asText();
        JsonNode done = awaitExecution(admin, first, status("completed", "failed"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("actions_successful").asInt()).isEqualTo(2);
        assertThat(subjects()).containsExactly("Critical ticket T-1001");
        assertThat(chat.receivedOn(CHAT)).singleElement()
                .satisfies(post -> assertThat(post.body()).isEqualTo("{\"text\":\"T-1001 is critical\"}"));

        // The chat is down when the next critical ticket arrives: the mail goes out, the post fails, the run fails.
        chat.fail(CHAT);
        String second = execute(admin, ruleId, "T-1002").expectStatus(201).data().path("execution_id").asText();
        JsonNode failed = awaitExecution(admin, second, status("completed", "failed"));
        assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("failed_action_index").asInt()).isEqualTo(1);
        assertThat(failed.path("actions_successful").asInt()).isEqualTo(1);
        String retryHref = failed.path("_links").path("retry").asText();
        assertThat(retryHref).as(failed.toString()).isEqualTo(EXECUTIONS + "/" + second + "/retry");
        assertThat(subjects()).containsExactly("Critical ticket T-1001", "Critical ticket T-1002");

        // The rule's page, the statistics and the performance report count one success and one failure.
        JsonNode counted = await().atMost(WAIT).until(() -> statistics(admin, ruleId),
                s -> s.path("total_executions").asLong() == 2 && s.path("failed_executions").asLong() == 1);
        assertThat(counted.path("successful_executions").asLong()).isEqualTo(1);
        JsonNode tenantWide = await().atMost(WAIT).until(() -> admin.get(STATISTICS).expectStatus(200).data(),
                s -> s.path("failed_executions").asLong() == 1);
        assertThat(tenantWide.path("total_executions").asLong()).isEqualTo(2);
        assertThat(tenantWide.path("success_rate_percent").asDouble()).isEqualTo(50.0);

        // The chat is back; the admin follows the run's retry link from the failed action: no second mail, one more post.
        chat.recover(CHAT);
        Reply retried = admin.post(retryHref, "{\"from\": \"failed_action\"}").expectStatus(200);
        assertThat(retried.data().path("status").asText()).isEqualTo("pending");
        JsonNode recovered = awaitExecution(admin, second, status("completed", "failed"));
        assertThat(recovered.path("status").asText()).as(recovered.toString()).isEqualTo("completed");
        assertThat(recovered.path("actions_successful").asInt()).isEqualTo(2);
        assertThat(subjects()).hasSize(2);
        assertThat(chat.receivedOn(CHAT)).extracting(RecordingSink.Received::body)
                .containsExactly("{\"text\":\"T-1001 is critical\"}", "{\"text\":\"T-1002 is critical\"}",
                        "{\"text\":\"T-1002 is critical\"}");
        assertThat(ids(admin.get(EXECUTIONS + "?automation_rule_id=" + ruleId).expectStatus(200).json().path("data"),
                "execution_id")).containsExactlyInAnyOrder(first, second);

        // Now both runs count as successes, on the rule's page as in the statistics and the performance report.
        JsonNode recounted = await().atMost(WAIT).until(() -> statistics(admin, ruleId),
                s -> s.path("successful_executions").asLong() == 2);
        assertThat(recounted.path("total_executions").asLong()).isEqualTo(2);
        assertThat(recounted.path("failed_executions").asLong()).isZero();
        JsonNode report = await().atMost(WAIT).until(() -> admin.get(PERFORMANCE).expectStatus(200).data(),
                p -> p.path("summary").path("success_rate").asDouble() == 100.0);
        assertThat(report.path("summary").path("execution_count").asLong()).isEqualTo(2);
        assertThat(report.path("summary").path("error_rate").asDouble()).isZero();
        assertThat(await().atMost(WAIT).until(() -> admin.get(STATISTICS).expectStatus(200).data(),
                s -> s.path("successful_executions").asLong() == 2).path("success_rate_percent").asDouble())
                .isEqualTo(100.0);

        // The admin switches it off: a critical ticket no longer fires it.
        admin.put(RULES + "/" + ruleId, "{\"status\": \"inactive\"}").expectStatus(200);
        assertThat(execute(admin, ruleId, "T-1003").expectStatus(400).errorCode()).isEqualTo("RULE_NOT_ACTIVE");
        JsonNode inspected = admin.get(RULES + "/" + ruleId).expectStatus(200).data();
        assertThat(inspected.path("status").asText()).isEqualTo("inactive");
        assertThat(inspected.path("_links").path("delete").path("method").asText()).isEqualTo("DELETE");

        // The admin retires it by following its delete link; it is gone for good.
        String deleteHref = inspected.path("_links").path("delete").path("href").asText();
        admin.delete(deleteHref).expectStatus(204);
        admin.get(RULES + "/" + ruleId).expectStatus(404);
        assertThat(admin.get(RULES).expectStatus(200).json().path("pagination").path("total").asLong()).isZero();
        assertThat(subjects()).hasSize(2);
        assertThat(chat.receivedOn(CHAT)).hasSize(3);
    }

    private static Reply execute(Api api, String ruleId, String ticket) {
        return api.post(RULES + "/" + ruleId + "/execute", "{\"automation_rule_id\": \"" + ruleId + "\", "
                + "\"execution_data\": {\"ticket\": {\"id\": \"" + ticket + "\", \"priority\": \"critical\"}}}");
    }

    private static JsonNode awaitExecution(Api api, String execution, Predicate<JsonNode> until) {
        return await().atMost(WAIT).until(() -> api.get(EXECUTIONS + "/" + execution).expectStatus(200).data(), until);
    }

    private static Predicate<JsonNode> status(String... statuses) {
        Set<String> wanted = Set.of(statuses);
        return execution -> wanted.contains(execution.path("status").asText());
    }

    private static JsonNode statistics(Api api, String ruleId) {
        return api.get(RULES + "/" + ruleId).expectStatus(200).data().path("execution_statistics");
    }

    private List<String> subjects() throws Exception {
        MimeMessage[] received = smtp.getReceivedMessages();
        String[] subjects = new String[received.length];
        for (int i = 0; i < received.length; i++) {
            subjects[i] = received[i].getSubject();
        }
        return Arrays.asList(subjects);
    }

    private static List<String> ids(JsonNode rules) {
        return ids(rules, "rule_id");
    }

    private static List<String> ids(JsonNode items, String field) {
        return StreamSupport.stream(items.spliterator(), false).map(r -> r.path(field).asText()).toList();
    }
}
