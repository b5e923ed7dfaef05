package io.ruleworks.domain.rule;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** sms_notification: the E.164 numbers, one message each, and the sender (the gateway's default when absent). */
public record SmsNotificationConfig(List<String> phoneNumbers, String message, Optional<String> senderId)
        implements ActionConfig {

    public SmsNotificationConfig {
        Objects.requireNonNull(phoneNumbers, "phoneNumbers");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(senderId, "senderId");
    }

    static SmsNotificationConfig of(RenderedConfig config) {
        return new SmsNotificationConfig(config.texts("phone_numbers"),
                config.shown("message"), config.shownIfPresent("sender_id"));
    }
}
