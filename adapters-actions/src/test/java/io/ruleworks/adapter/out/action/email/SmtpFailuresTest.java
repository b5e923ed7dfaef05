package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** How SMTP replies and transport errors decide whether the action may be retried. */
class SmtpFailuresTest {

    private static SendFailedException recipientRefused(int code) throws Exception {
        InternetAddress address = new InternetAddress("nobody@example.com");
        SMTPAddressFailedException refused = new SMTPAddressFailedException(address, "RCPT TO:<nobody@example.com>",
                code, code + " mailbox unavailable");
        return new SendFailedException("Invalid Addresses", refused);
    }

    @Test
    void a_recipient_refused_with_a_5xx_reply_is_not_retried() throws Exception {
        ActionFailedException failure = SmtpFailures.classify(recipientRefused(550), 550);

        assertThat(failure.code()).isEqualTo("EMAIL_RECIPIENT_REJECTED");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("nobody@example.com").contains("550");
    }

    @Test
    void a_transient_4xx_reply_is_retried() throws Exception {
        ActionFailedException recipient = SmtpFailures.classify(recipientRefused(451), 451);
        ActionFailedException data = SmtpFailures.classify(new SMTPSendFailedException("DATA", 452,
                "452 insufficient storage", null, null, null, null), 452);

        assertThat(recipient.code()).isEqualTo("EMAIL_SMTP_TRANSIENT");
        assertThat(recipient.retryable()).isTrue();
        assertThat(data.retryable()).isTrue();
    }

    @Test
    void a_message_refused_with_a_5xx_reply_is_not_retried() {
        ActionFailedException failure = SmtpFailures.classify(new SMTPSendFailedException("DATA", 554,
                "554 message rejected as spam", null, null, null, null), 554);

        assertThat(failure.code()).isEqualTo("EMAIL_REJECTED");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void a_read_timeout_is_retried() {
        ActionFailedException failure = SmtpFailures.classify(new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out")), -1);

        assertThat(failure.code()).isEqualTo("EMAIL_SMTP_TIMEOUT");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void a_bad_greeting_is_judged_by_the_last_reply_code() {
        MessagingException greeting = new MessagingException("Got bad greeting from SMTP host: 421 busy");

        assertThat(SmtpFailures.classify(greeting, 421).retryable()).isTrue();
        assertThat(SmtpFailures.classify(greeting, 554).retryable()).isFalse();
    }

    @Test
    void refused_credentials_are_not_retried() {
        ActionFailedException failure = SmtpFailures.classify(new AuthenticationFailedException("535 bad"), 535);

        assertThat(failure.code()).isEqualTo("EMAIL_AUTH_FAILED");
        assertThat(failure.retryable()).isFalse();
    }
}
