package io.ruleworks.bootstrap.engine;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An email_notification rule executed over HTTP: the rendered mail reaches a real SMTP server (GreenMail). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailActionEngineTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    private GreenMail smtp;
    private EngineHttp http;

    @Override
    public Map<String, String> getProperties() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        Map<String, String> properties = new HashMap<>(TestDatabase.create().properties());
        properties.put("ruleworks.queue.poll-interval", "200ms");
        properties.put("ruleworks.smtp.host", "127.0.0.1");
        properties.put("ruleworks.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        properties.put("ruleworks.smtp.from", "ruleworks@example.com");
        properties.put("ruleworks.smtp.starttls", "none");
        return properties;
    }

    @BeforeAll
    void connect() {
        var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                Optional.empty(), Optional.empty()));
        http = new EngineHttp(server.getURI(), issued.apiKey(), json);
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void a_rule_with_an_email_action_sends_the_rendered_mail_and_records_its_result() throws Exception {
        Map<String, Object> email = Map.of("type", "email_notification", "order", 1, "config", Map.of(
                "to", List.of("oncall@example.com"),
                "subject", "Escalated: {{trigger.ticket.title}}",
                "body", "Priority {{trigger.ticket.priority}} ticket needs you."));
        EngineHttp.Answer created = http.post("/api/v1/automation/rules", Map.of("name", "mail on escalation",
                "status", "active", "trigger_type", "manual", "trigger_config", Map.of(), "actions", List.of(email)));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String rule = (String) created.data().get("rule_id");

        EngineHttp.Answer started = http.post("/api/v1/automation/rules/" + rule + "/execute", Map.of(
                "automation_rule_id", rule,
                "execution_data", Map.of("ticket", Map.of("title", "Mail down", "priority", "P1"))));

        assertThat(started.status()).isEqualTo(201);
        String execution = (String) started.data().get("execution_id");
        Map<String, Object> done = await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/automation/executions/" + execution).data(),
                        data -> List.of("completed", "failed").contains(data.get("status")));
        assertThat(done).as(String.valueOf(done)).containsEntry("status", "completed")
                .containsEntry("actions_successful", 1);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Escalated: Mail down");
        assertThat(GreenMailUtil.getBody(received[0])).isEqualTo("Priority P1 ticket needs you.");
        Map<String, Object> action = map(map(map(done.get("execution_context")).get("actions")).get("1"));
        assertThat(map(action.get("result"))).containsEntry("subject", "Escalated: Mail down")
                .containsEntry("message_id", "<ruleworks." + execution + ".0.0@example.com>")
                .containsEntry("accepted", 1);
    }
}
