package io.ruleworks.adapter.out.action.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The Twilio-compatible SMS gateway: deployment configuration only ({@code ruleworks.sms.*}),
 * never taken from a rule. Without an account SID and auth token sms_notification fails with
 * SMS_NOT_CONFIGURED.
 */
public record SmsSettings(URI baseUrl, Optional<String> accountSid, Optional<String> authToken,
                          Optional<String> from, Duration timeout) {

    public static final URI TWILIO = URI.create("https://api.twilio.com");

    public SmsSettings {
        String scheme = baseUrl.getScheme();
        if (scheme == null || baseUrl.getHost() == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("ruleworks.sms.base-url must be an absolute http(s) URL, not " + baseUrl);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ruleworks.sms.timeout must be positive");
        }
    }

    public boolean configured() {
        return accountSid.isPresent() && authToken.isPresent();
    }

    /** {@code {base-url}/2010-04-01/Accounts/{account-sid}/Messages.json} */
    public URI messagesUri() {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/2010-04-01/Accounts/" + accountSid.orElseThrow() + "/Messages.json");
    }
}
