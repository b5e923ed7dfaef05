package io.ruleworks.adapter.out.action.email;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The SMTP server mail leaves through: deployment configuration only ({@code ruleworks.smtp.*}),
 * never taken from a rule. Without a host and a sender address email_notification fails with
 * EMAIL_NOT_CONFIGURED.
 */
public record SmtpSettings(Optional<String> host, int port, Optional<String> username, Optional<String> password,
                           Optional<String> from, StartTls startTls, boolean ssl, Duration connectTimeout,
                           Duration readTimeout) {

    /** Whether the connection must, may or must not be upgraded with STARTTLS. */
    public enum StartTls {
        REQUIRED, OPTIONAL, NONE;

        static StartTls parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ruleworks.smtp.starttls must be required, optional or none, not '"
                        + text + "'", e);
            }
        }
    }

    public SmtpSettings {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("ruleworks.smtp.port must be between 1 and 65535, not " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("ruleworks.smtp timeouts must be positive");
        }
    }

    public boolean configured() {
        return host.isPresent() && from.isPresent();
    }

    public boolean authenticates() {
        return username.isPresent();
    }
}
