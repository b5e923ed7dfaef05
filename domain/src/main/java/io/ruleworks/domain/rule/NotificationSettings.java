package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who hears about a finished execution. Defaults: notify on failure only, nobody to tell. */
public record NotificationSettings(boolean notifyOnSuccess, boolean notifyOnFailure,
                                   List<String> notificationEmails, List<String> notificationWebhooks) {

    public static final int MAX_RECIPIENTS = 20;
    public static final NotificationSettings DEFAULT = new NotificationSettings(false, true, List.of(), List.of());

    public NotificationSettings {
        notificationEmails = List.copyOf(notificationEmails);
        notificationWebhooks = List.copyOf(notificationWebhooks);
    }

    public static NotificationSettings parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        boolean onSuccess = r.bool("notify_on_success").orElse(false);
        boolean onFailure = r.bool("notify_on_failure").orElse(true);
        List<String> emails = r.stringList("notification_emails", 0, MAX_RECIPIENTS, ConfigReader.StringCheck.EMAIL_ADDRESS)
                .orElse(List.of());
        List<String> hooks = r.stringList("notification_webhooks", 0, MAX_RECIPIENTS, ConfigReader.StringCheck.HTTP_URL)
                .orElse(List.of());
        r.rejectUnknownKeys();
        return new NotificationSettings(onSuccess, onFailure, emails, hooks);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("notify_on_success", notifyOnSuccess);
        map.put("notify_on_failure", notifyOnFailure);
        map.put("notification_emails", notificationEmails);
        map.put("notification_webhooks", notificationWebhooks);
        return map;
    }
}
