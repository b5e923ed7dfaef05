package io.ruleworks.bootstrap.engine;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An email_notification rule executed over HTTP: the rendered mail reaches a real SMTP server (GreenMail). */
@MicronautTest(transactional = false)
class EmailActionEngineTest extends EngineTestBase {

    private GreenMail smtp;

    @Override
    protected Map<String, String> settings() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return Map.of(
                "ruleworks.smtp.host", "127.0.0.1",
                "ruleworks.smtp.port", String.valueOf(smtp.getSmtp().getPort()),
                "ruleworks.smtp.from", "ruleworks@example.com",
                "ruleworks.smtp.starttls", "none");
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void a_rule_with_an_email_action_sends_the_rendered_mail_and_records_its_result() throws Exception {
        Map<String, Object> email = Map.of("type", "email_notification", "order", 1, "config", Map.of(
                "to", List.of("oncall@example.com"),
                "subject", "Escalated: {{trigger.ticket.title}}",
                "body", "Priority {{trigger.ticket.priority}} ticket needs you."));
        String rule = create(http, manualRule("mail on escalation", List.of(email)));

        String execution = started(rule, Map.of("ticket", Map.of("title", "Mail down", "priority", "P1")));

        Map<String, Object> done = awaitEnd(execution);
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
