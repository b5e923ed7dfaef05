package io.ruleworks.adapter.out.action.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.ruleworks.adapter.out.action.net.AddressPolicy;
import io.ruleworks.adapter.out.action.net.OutboundHttp;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** email_notification against a real SMTP server (GreenMail) and a real HTTP server, both on 127.0.0.1. */
class EmailNotificationRunnerTest {

    private static final String FROM = "ruleworks@example.com";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot", "s3cret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path temp;

    private HttpServer files;
    private final Map<String, byte[]> served = new HashMap<>();
    /** The SSRF guard of the service, allowing only the test's loopback address. */
    private final OutboundHttp outbound = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3,
            Duration.ofSeconds(2));

    @BeforeEach
    void startFileServer() throws IOException {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/pdf");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        files.start();
    }

    @AfterEach
    void stopFileServer() {
        files.stop(0);
        outbound.close();
    }

    private String fileUrl(String path) {
        return "http://127.0.0.1:" + files.getAddress().getPort() + path;
    }

    private SmtpSettings smtp(int port, Optional<String> user, Optional<String> password) {
        return new SmtpSettings(Optional.of("127.0.0.1"), port, user, password, Optional.of(FROM),
                SmtpSettings.StartTls.NONE, false, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private EmailNotificationRunner runner(SmtpSettings smtp, AttachmentSettings attachments) {
        return new EmailNotificationRunner(smtp, attachments, new GuardedAttachmentFetcher(outbound));
    }

    private EmailNotificationRunner runner() {
        return runner(smtp(SMTP.getSmtp().getPort(), Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.empty(), AttachmentSettings.DEFAULT_MAX_TOTAL_BYTES));
    }

    private static ActionRunner.Invocation invocation(Map<String, Object> config) {
        ExecutionId execution = new ExecutionId(UUID.randomUUID());
        return new ActionRunner.Invocation(new TenantId(UUID.randomUUID()), new RuleId(UUID.randomUUID()), execution,
                0, 1, 1, config, Duration.ofSeconds(10), execution + ":0:0:1", Map.of(),
                ActionConfig.parse(ActionType.EMAIL_NOTIFICATION, config));
    }

    private static Map<String, Object> mail(Object... extra) {
        Map<String, Object> config = new HashMap<>(Map.of("to", List.of("oncall@example.com"),
                "subject", "Ticket T-1 escalated", "body", "Please look at it."));
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    private static ActionFailedException failureOf(ActionRunner runner, ActionRunner.Invocation invocation) {
        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class, () -> runner.run(invocation));
        assertThat(failure).as("the action should have failed").isNotNull();
        return failure;
    }

    private static int inboxSize(String email) throws Exception {
        var user = SMTP.getUserManager().getUserByEmail(email);
        return user == null ? 0 : SMTP.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    @Test
    void a_text_mail_reaches_to_cc_and_bcc_with_its_subject_and_body() throws Exception {
        Map<String, Object> result = runner().run(invocation(mail("cc", List.of("lead@example.com"),
                "bcc", List.of("audit@example.com", "archive@example.com"))));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(4);
        MimeMessage first = received[0];
        assertThat(first.getSubject()).isEqualTo("Ticket T-1 escalated");
        assertThat(GreenMailUtil.getBody(first)).isEqualTo("Please look at it.");
        assertThat(first.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(first.getFrom()).extracting(String::valueOf).containsExactly(FROM);
        assertThat(first.getRecipients(Message.RecipientType.CC)).extracting(String::valueOf)
                .containsExactly("lead@example.com");
        assertThat(first.getHeader("Bcc")).isNull();
        assertThat(List.of("oncall@example.com", "lead@example.com", "audit@example.com", "archive@example.com"))
                .allSatisfy(mailbox -> assertThat(inboxSize(mailbox)).as(mailbox).isEqualTo(1));
        assertThat(result).containsEntry("message_id", first.getMessageID())
                .containsEntry("subject", "Ticket T-1 escalated")
                .containsEntry("recipients", Map.of("to", 1, "cc", 1, "bcc", 2))
                .containsEntry("accepted", 4);
    }

    @Test
    void an_html_body_is_sent_as_html() throws Exception {
        runner().run(invocation(mail("is_html", true, "body", "<p>Please <b>look</b>.</p>")));

        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getContentType()).startsWith("text/html");
        assertThat(GreenMailUtil.getBody(received)).isEqualTo("<p>Please <b>look</b>.</p>");
    }

    @Test
    void the_message_id_is_the_same_for_every_attempt_of_the_action() {
        ExecutionId execution = new ExecutionId(UUID.randomUUID());
        jakarta.mail.internet.InternetAddress from;
        try {
            from = new jakarta.mail.internet.InternetAddress(FROM);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new AssertionError(e);
        }

        String first = EmailNotificationRunner.messageId(execution + ":0:2:1", from);
        String second = EmailNotificationRunner.messageId(execution + ":0:2:2", from);
        String afterRetry = EmailNotificationRunner.messageId(execution + ":1:2:1", from);

        assertThat(first).isEqualTo(second).isEqualTo("<ruleworks." + execution + ".0.2@example.com>");
        assertThat(afterRetry).isNotEqualTo(first);
    }

    @Test
    void attachments_from_a_url_and_from_the_attachment_directory_arrive() throws Exception {
        byte[] pdf = "%PDF-1.4 report".getBytes(StandardCharsets.US_ASCII);
        served.put("/report.pdf", pdf);
        Path directory = Files.createDirectories(temp.resolve("attachments/legal"));
        Files.writeString(directory.resolve("terms.txt"), "Terms and conditions");
        EmailNotificationRunner runner = runner(smtp(SMTP.getSmtp().getPort(), Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.of(temp.resolve("attachments")), 1024));

        Map<String, Object> result = runner.run(invocation(mail("attachments", List.of(
                Map.of("filename", "report.pdf", "url", fileUrl("/report.pdf")),
                Map.of("filename", "terms.txt", "content_type", "text/plain", "path", "legal/terms.txt")))));

        MimeMessage received = SMTP.getReceivedMessages()[0];
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).isEqualTo("Please look at it.");
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("report.pdf");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(parts.getBodyPart(2).getFileName()).isEqualTo("terms.txt");
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/plain");
        assertThat(new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Terms and conditions");
        assertThat(result).containsEntry("attachments", 2);
    }

    /** The raw header block of the received message: what a mail client parses, before any decoding. */
    private static String rawHeaders(MimeMessage message) throws Exception {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        message.writeTo(raw);
        return raw.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_line_break_in_an_attachment_filename_is_refused_and_nothing_is_sent() throws Exception {
        served.put("/report.pdf", "%PDF".getBytes(StandardCharsets.US_ASCII));

        ActionFailedException failure = failureOf(runner(), invocation(mail("attachments", List.of(
                Map.of("filename", "report.pdf\r\nX-Evil: 1\r\n\r\nforged body", "url", fileUrl("/report.pdf"))))));

        assertThat(failure.code()).isEqualTo("INVALID_ACTION_CONFIG");
        assertThat(failure.getMessage()).contains("attachments[0].filename");
        assertThat(failure.retryable()).isFalse();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void a_line_break_in_the_subject_or_a_content_type_is_refused_and_nothing_is_sent() {
        served.put("/report.pdf", "%PDF".getBytes(StandardCharsets.US_ASCII));

        ActionFailedException subject = failureOf(runner(), invocation(mail("subject", "Hi\r\nX-Evil: 1")));
        ActionFailedException type = failureOf(runner(), invocation(mail("attachments", List.of(Map.of(
                "filename", "r.pdf", "content_type", "application/pdf\r\nX-Evil: 1", "url", fileUrl("/report.pdf"))))));

        assertThat(subject.code()).isEqualTo("INVALID_ACTION_CONFIG");
        assertThat(subject.getMessage()).startsWith("subject ");
        assertThat(type.code()).isEqualTo("INVALID_ACTION_CONFIG");
        assertThat(type.getMessage()).contains("attachments[0].content_type");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void header_values_with_quotes_semicolons_and_unicode_arrive_encoded_and_decode_to_the_input() throws Exception {
        served.put("/report.pdf", "%PDF".getBytes(StandardCharsets.US_ASCII));
        String filename = "Bericht \"März\"; name=evil.exe ü € 報告.pdf";
        String ascii = "quarterly \"final\"; filename=x.exe.pdf";
        String subject = "Grüße: \"P1\" ✓ Ticket";

        runner().run(invocation(mail("subject", subject, "attachments", List.of(
                Map.of("filename", filename, "url", fileUrl("/report.pdf")),
                Map.of("filename", ascii, "content_type", "text/plain; charset=utf-8; name=\"a;b\"",
                        "url", fileUrl("/report.pdf"))))));

        MimeMessage received = SMTP.getReceivedMessages()[0];
        String raw = rawHeaders(received);
        assertThat(raw).doesNotContain("X-Evil").doesNotContain("März").doesNotContain("Grüße");
        assertThat(raw).contains("filename*=");
        assertThat(received.getSubject()).isEqualTo(subject);
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo(filename);
        assertThat(parts.getBodyPart(2).getFileName()).isEqualTo(ascii);
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/plain");
        for (int i = 0; i < parts.getCount(); i++) {
            java.util.Enumeration<jakarta.mail.Header> headers = parts.getBodyPart(i).getAllHeaders();
            while (headers.hasMoreElements()) {
                jakarta.mail.Header header = headers.nextElement();
                assertThat(header.getName()).isIn("Content-Type", "Content-Transfer-Encoding", "Content-Disposition");
                // folded lines (CRLF + white space) are one line; anything else would start a header
                assertThat(jakarta.mail.internet.MimeUtility.unfold(header.getValue()))
                        .doesNotContain("\r").doesNotContain("\n");
            }
        }
    }

    @Test
    void an_attachment_url_that_redirects_is_not_followed_and_fails_for_good() {
        served.put("/final.pdf", "%PDF".getBytes(StandardCharsets.US_ASCII));
        files.createContext("/moved.pdf", exchange -> {
            exchange.getResponseHeaders().add("Location", fileUrl("/final.pdf"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        java.util.concurrent.atomic.AtomicInteger finalHits = new java.util.concurrent.atomic.AtomicInteger();
        files.createContext("/final.pdf", exchange -> {
            finalHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });

        ActionFailedException failure = failureOf(runner(), invocation(mail("attachments", List.of(
                Map.of("filename", "r.pdf", "url", fileUrl("/moved.pdf"))))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_FETCH_FAILED");
        assertThat(failure.getMessage()).contains("HTTP 302").contains("not followed");
        assertThat(failure.retryable()).isFalse();
        assertThat(finalHits).hasValue(0);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void attachments_together_larger_than_the_allowance_are_refused_and_nothing_is_sent() throws Exception {
        served.put("/a.bin", new byte[600]);
        served.put("/b.bin", new byte[600]);
        EmailNotificationRunner runner = runner(smtp(SMTP.getSmtp().getPort(), Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.empty(), 1000));

        ActionFailedException failure = failureOf(runner, invocation(mail("attachments", List.of(
                Map.of("filename", "a.bin", "url", fileUrl("/a.bin")),
                Map.of("filename", "b.bin", "url", fileUrl("/b.bin"))))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_TOO_LARGE");
        assertThat(failure.retryable()).isFalse();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void an_attachment_url_that_answers_404_fails_for_good() {
        ActionFailedException failure = failureOf(runner(), invocation(mail("attachments", List.of(
                Map.of("filename", "gone.pdf", "url", fileUrl("/gone.pdf"))))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_FETCH_FAILED");
        assertThat(failure.retryable()).isFalse();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void an_attachment_url_outside_the_allowed_addresses_is_refused_without_a_request() {
        String refused = "http://127.0.0.2:" + files.getAddress().getPort() + "/report.pdf";

        ActionFailedException failure = failureOf(runner(), invocation(mail("attachments", List.of(
                Map.of("filename", "report.pdf", "url", refused)))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_REFUSED");
        assertThat(failure.retryable()).isFalse();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void an_attachment_path_outside_the_attachment_directory_is_refused() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("attachments"));
        Path secret = Files.writeString(temp.resolve("secret.txt"), "do not send");
        Files.createSymbolicLink(directory.resolve("link.txt"), secret);
        EmailNotificationRunner runner = runner(smtp(SMTP.getSmtp().getPort(), Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.of(directory), 1024));

        List<String> escapes = List.of("../secret.txt", "sub/../../secret.txt", secret.toString(), "link.txt");
        List<ActionFailedException> failures = new ArrayList<>();
        for (String path : escapes) {
            failures.add(failureOf(runner, invocation(mail("attachments",
                    List.of(Map.of("filename", "x.txt", "path", path))))));
        }

        assertThat(failures).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo("EMAIL_ATTACHMENT_PATH_REFUSED");
            assertThat(f.retryable()).isFalse();
        });
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void path_attachments_are_refused_when_no_attachment_directory_is_configured() {
        ActionFailedException failure = failureOf(runner(), invocation(mail("attachments",
                List.of(Map.of("filename", "x.txt", "path", "x.txt")))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_PATH_REFUSED");
        assertThat(failure.getMessage()).contains("ruleworks.email.attachment-dir");
    }

    @Test
    void a_missing_file_in_the_attachment_directory_fails_for_good() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("attachments"));
        EmailNotificationRunner runner = runner(smtp(SMTP.getSmtp().getPort(), Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.of(directory), 1024));

        ActionFailedException failure = failureOf(runner, invocation(mail("attachments",
                List.of(Map.of("filename", "x.txt", "path", "missing.txt")))));

        assertThat(failure.code()).isEqualTo("EMAIL_ATTACHMENT_NOT_FOUND");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void configured_credentials_are_used_to_authenticate() throws Exception {
        int port = SMTP.getSmtp().getPort();
        AttachmentSettings none = new AttachmentSettings(Optional.empty(), 1024);

        runner(smtp(port, Optional.of("robot"), Optional.of("s3cret")), none).run(invocation(mail()));
        ActionFailedException refused = failureOf(runner(smtp(port, Optional.of("robot"), Optional.of("wrong")), none),
                invocation(mail()));

        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(refused.code()).isEqualTo("EMAIL_AUTH_FAILED");
        assertThat(refused.retryable()).isFalse();
    }

    @Test
    void an_smtp_server_that_is_down_is_a_retryable_failure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        EmailNotificationRunner runner = runner(smtp(closedPort, Optional.empty(), Optional.empty()),
                new AttachmentSettings(Optional.empty(), 1024));

        ActionFailedException failure = failureOf(runner, invocation(mail()));

        assertThat(failure.code()).isEqualTo("EMAIL_SMTP_UNREACHABLE");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void without_smtp_settings_the_action_fails_clearly_instead_of_the_service() {
        try (ApplicationContext context = ApplicationContext.run()) {
            ActionRunner runner = context.getBean(EmailNotificationRunner.class);

            ActionFailedException failure = failureOf(runner, invocation(mail()));

            assertThat(failure.code()).isEqualTo("EMAIL_NOT_CONFIGURED");
            assertThat(failure.retryable()).isFalse();
        }
    }

    @Test
    void smtp_settings_come_from_configuration() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "ruleworks.smtp.host", "127.0.0.1",
                "ruleworks.smtp.port", String.valueOf(SMTP.getSmtp().getPort()),
                "ruleworks.smtp.from", FROM,
                "ruleworks.smtp.starttls", "none",
                "ruleworks.smtp.read-timeout", "7s",
                "ruleworks.email.max-attachment-bytes", "2048"))) {
            assertThat(context.getBean(SmtpSettings.class).readTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(context.getBean(AttachmentSettings.class).maxTotalBytes()).isEqualTo(2048);

            context.getBean(EmailNotificationRunner.class).run(invocation(mail()));
        }

        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }
}
