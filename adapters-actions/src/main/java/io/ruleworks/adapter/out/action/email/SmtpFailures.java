package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * What a failed SMTP exchange means for the action. Retryable: the server cannot be reached, does
 * not answer in time, drops the connection, or answers with a transient 4xx reply. Not retryable:
 * authentication refused, a 5xx permanent reply (a recipient or the sender rejected, the message
 * refused), anything else unexplained.
 */
final class SmtpFailures {

    private SmtpFailures() {
    }

    static ActionFailedException classify(MessagingException failure, int lastReturnCode) {
        if (failure instanceof AuthenticationFailedException) {
            return new ActionFailedException("EMAIL_AUTH_FAILED", "The SMTP server refused the configured credentials: "
                    + failure.getMessage(), false, failure);
        }
        int code = lastReturnCode;
        String reply = failure.getMessage();
        boolean recipient = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MailConnectException) {
                return new ActionFailedException("EMAIL_SMTP_UNREACHABLE", t.getMessage(), true, failure);
            }
            if (t instanceof SocketTimeoutException) {
                return new ActionFailedException("EMAIL_SMTP_TIMEOUT", "The SMTP server did not answer in time: "
                        + t.getMessage(), true, failure);
            }
            if (t instanceof IOException) {
                return new ActionFailedException("EMAIL_SMTP_UNREACHABLE", "The SMTP connection failed: "
                        + t.getMessage(), true, failure);
            }
            if (t instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
                reply = "recipient " + a.getAddress() + " refused: " + a.getMessage().trim();
                recipient = true;
                break;
            }
            if (t instanceof SMTPSenderFailedException s) {
                code = s.getReturnCode();
                reply = "sender refused: " + s.getMessage().trim();
                break;
            }
            if (t instanceof SMTPSendFailedException s) {
                code = s.getReturnCode();
                reply = s.getMessage().trim();
                break;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (code >= 400 && code < 500) {
            return new ActionFailedException("EMAIL_SMTP_TRANSIENT", "The SMTP server answered " + code
                    + " (try later): " + reply, true, failure);
        }
        if (code >= 500 && code < 600) {
            return new ActionFailedException(recipient ? "EMAIL_RECIPIENT_REJECTED" : "EMAIL_REJECTED",
                    "The SMTP server answered " + code + ": " + reply, false, failure);
        }
        return new ActionFailedException("EMAIL_SEND_FAILED", "Sending failed: " + reply, false, failure);
    }
}
