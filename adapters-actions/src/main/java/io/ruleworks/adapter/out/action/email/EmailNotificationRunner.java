package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.EmailNotificationConfig;
import jakarta.activation.DataHandler;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * email_notification: one mail through the configured SMTP server (Jakarta Mail / Angus) with the
 * rendered subject and body (text or HTML), cc, bcc and attachments. Its Message-ID is the same
 * for every attempt of the action within one execution retry, so a receiving system that
 * deduplicates by Message-ID drops a resend after an attempt whose success was not confirmed.
 * Failure classes: see {@link SmtpFailures}.
 */
@Singleton
public class EmailNotificationRunner implements ActionRunner {

    private final SmtpSettings smtp;
    private final Attachments attachments;

    public EmailNotificationRunner(SmtpSettings smtp, AttachmentSettings attachmentSettings, AttachmentFetcher fetcher) {
        this.smtp = smtp;
        this.attachments = new Attachments(attachmentSettings, fetcher);
    }

    @Override
    public ActionType type() {
        return ActionType.EMAIL_NOTIFICATION;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        if (!smtp.configured()) {
            throw new ActionFailedException("EMAIL_NOT_CONFIGURED", "No SMTP server is configured: set "
                    + "ruleworks.smtp.host and ruleworks.smtp.from", false);
        }
        EmailNotificationConfig config = invocation.typedConfig(EmailNotificationConfig.class);
        InternetAddress from = address(smtp.from().orElseThrow(), "ruleworks.smtp.from");
        InternetAddress[] to = addresses(config.to(), "to");
        InternetAddress[] cc = addresses(config.cc(), "cc");
        InternetAddress[] bcc = addresses(config.bcc(), "bcc");
        String subject = MailHeaders.text(config.subject(), "subject");
        String body = config.body();
        boolean html = config.html();
        List<Attachments.Loaded> files = config.attachments().isEmpty() ? List.of()
                : attachments.load(config.attachments(), invocation.timeout());

        Session session = Session.getInstance(properties(invocation.timeout()));
        String messageId = messageId(invocation.idempotencyKey(), from);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        try {
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setRecipients(Message.RecipientType.CC, cc);
            message.setRecipients(Message.RecipientType.BCC, bcc);
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            content(message, body, html, files);
            message.saveChanges();
        } catch (MessagingException e) {
            throw new ActionFailedException("EMAIL_INVALID_MESSAGE", "The mail cannot be composed: "
                    + e.getMessage(), false, e);
        }
        send(session, message);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message_id", messageId);
        result.put("subject", subject);
        result.put("recipients", Map.of("to", to.length, "cc", cc.length, "bcc", bcc.length));
        result.put("accepted", to.length + cc.length + bcc.length);
        result.put("attachments", files.size());
        return result;
    }

    private void send(Session session, MimeMessage message) {
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session.getTransport("smtp");
        } catch (MessagingException e) {
            throw new ActionFailedException("EMAIL_SEND_FAILED", "No SMTP transport: " + e.getMessage(), false, e);
        }
        try {
            transport.connect(smtp.host().orElseThrow(), smtp.port(), smtp.username().orElse(null),
                    smtp.password().orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw SmtpFailures.classify(e, transport.getLastReturnCode());
        } finally {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the mail is sent or its failure already reported; a failing QUIT changes neither
            }
        }
    }

    private Properties properties(Duration actionTimeout) {
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host().orElseThrow());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(shorter(smtp.connectTimeout(), actionTimeout).toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(shorter(smtp.readTimeout(), actionTimeout).toMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(shorter(smtp.readTimeout(), actionTimeout).toMillis()));
        p.put("mail.smtp.auth", String.valueOf(smtp.authenticates()));
        p.put("mail.smtp.ssl.enable", String.valueOf(smtp.ssl()));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        switch (smtp.startTls()) {
            case REQUIRED -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case OPTIONAL -> p.put("mail.smtp.starttls.enable", "true");
            case NONE -> p.put("mail.smtp.starttls.enable", "false");
        }
        p.put("mail.smtp.from", smtp.from().orElseThrow());
        p.put("mail.mime.charset", StandardCharsets.UTF_8.name());
        return p;
    }

    private static void content(MimeMessage message, String body, boolean html, List<Attachments.Loaded> files)
            throws MessagingException {
        String subtype = html ? "html" : "plain";
        if (files.isEmpty()) {
            message.setText(body, StandardCharsets.UTF_8.name(), subtype);
            return;
        }
        MimeMultipart multipart = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, StandardCharsets.UTF_8.name(), subtype);
        multipart.addBodyPart(text);
        for (Attachments.Loaded file : files) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), file.contentType())));
            part.setFileName(file.filename());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            multipart.addBodyPart(part);
        }
        message.setContent(multipart);
    }

    /** {@code <execution.retry.action@sender-domain>}: the idempotency key without its attempt number. */
    static String messageId(String idempotencyKey, InternetAddress from) {
        int attempt = idempotencyKey.lastIndexOf(':');
        String scope = (attempt > 0 ? idempotencyKey.substring(0, attempt) : idempotencyKey).replace(':', '.');
        String address = from.getAddress();
        String domain = address.substring(address.indexOf('@') + 1);
        return "<ruleworks." + scope + "@" + domain + ">";
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static InternetAddress[] addresses(List<String> list, String field) {
        InternetAddress[] result = new InternetAddress[list.size()];
        for (int i = 0; i < list.size(); i++) {
            String text = MailHeaders.word(list.get(i), field + "[" + i + "]");
            result[i] = address(text, "recipient " + text);
        }
        return result;
    }

    private static InternetAddress address(String text, String what) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new ActionFailedException("EMAIL_INVALID_ADDRESS", what + " is not a valid address: "
                    + e.getMessage(), false, e);
        }
    }
}
