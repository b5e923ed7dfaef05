package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a client defines about a rule, valid by construction. Actions are held in order.
 * Limits: 50 conditions, 50 actions, 50 tags of at most 100 characters, metadata of at most
 * 100 keys. {@code executionRetentionDays} (extension field {@code execution_retention_days}, 1 to
 * 3650; 0 in a request clears it) keeps this rule's finished executions that many days instead of
 * the global retention settings.
 */
public record RuleDefinition(String name, Optional<String> description, RuleStatus status, Priority priority,
                             TriggerType triggerType, TriggerConfig triggerConfig, List<Condition> conditions,
                             ConditionLogic conditionLogic, List<ActionSpec> actions, int maxConcurrentExecutions,
                             int executionTimeoutMinutes, boolean retryFailedExecutions, boolean isTemplate,
                             Optional<String> templateCategory, List<String> tags, Map<String, Object> metadata,
                             NotificationSettings notificationSettings, Optional<Integer> executionRetentionDays) {

    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 5_000;
    public static final int MAX_CONDITIONS = 50;
    public static final int MAX_ACTIONS = 50;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_LENGTH = 100;
    public static final int MAX_METADATA_KEYS = 100;
    public static final int MAX_CONCURRENT = 1_000;
    public static final int MAX_TIMEOUT_MINUTES = 1_440;
    public static final int MAX_RETENTION_DAYS = 3_650;

    public RuleDefinition {
        Objects.requireNonNull(name, "name");
        conditions = List.copyOf(conditions);
        actions = actions.stream().sorted(Comparator.comparingInt(ActionSpec::order)).toList();
        tags = List.copyOf(tags);
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Validates a draft completely, applying the contract's defaults; throws with every violation. */
    public static RuleDefinition from(RuleDraft d) {
        Violations v = new Violations();

        String name = required(d.name(), "name", v).map(String::strip).orElse("");
        if (d.name().isPresent() && (name.isEmpty() || name.length() > MAX_NAME)) {
            v.add("name", "must be 1 to " + MAX_NAME + " characters");
        }
        d.description().filter(s -> s.length() > MAX_DESCRIPTION)
                .ifPresent(s -> v.add("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        RuleStatus status = enumOf(RuleStatus.class, d.status(), "status", v).orElse(RuleStatus.DRAFT);
        Priority priority = enumOf(Priority.class, d.priority(), "priority", v).orElse(Priority.NORMAL);
        required(d.triggerType(), "trigger_type", v);
        Optional<TriggerType> triggerType = enumOf(TriggerType.class, d.triggerType(), "trigger_type", v);
        if (d.triggerConfig().isEmpty()) {
            v.add("trigger_config", "is required");
        }
        Optional<TriggerConfig> triggerConfig = triggerType.flatMap(t ->
                d.triggerConfig().flatMap(c -> TriggerConfig.parse(t, c, "trigger_config", v)));

        List<Condition> conditions = new ArrayList<>();
        List<Object> rawConditions = d.conditions().orElse(List.of());
        if (rawConditions.size() > MAX_CONDITIONS) {
            v.add("conditions", "must have at most " + MAX_CONDITIONS + " items");
        } else {
            for (int i = 0; i < rawConditions.size(); i++) {
                Condition.parse(rawConditions.get(i), Violations.index("conditions", i), v).ifPresent(conditions::add);
            }
        }
        ConditionLogic logic = enumOf(ConditionLogic.class, d.conditionLogic(), "condition_logic", v)
                .orElse(ConditionLogic.AND);

        List<ActionSpec> actions = actions(d, v);

        int maxConcurrent = range(d.maxConcurrentExecutions(), "max_concurrent_executions", 1, MAX_CONCURRENT, v)
                .orElse(1);
        int timeoutMinutes = range(d.executionTimeoutMinutes(), "execution_timeout_minutes", 1, MAX_TIMEOUT_MINUTES, v)
                .orElse(60);
        Optional<String> templateCategory = d.templateCategory();
        templateCategory.filter(c -> c.isEmpty() || c.length() > MAX_NAME)
                .ifPresent(c -> v.add("template_category", "must be 1 to " + MAX_NAME + " characters"));

        List<String> tags = d.tags().orElse(List.of());
        if (tags.size() > MAX_TAGS) {
            v.add("tags", "must have at most " + MAX_TAGS + " items");
        }
        for (int i = 0; i < Math.min(tags.size(), MAX_TAGS); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH) {
                v.add(Violations.index("tags", i), "must be 1 to " + MAX_TAG_LENGTH + " characters");
            }
        }
        Map<String, Object> metadata = d.metadata().orElse(Map.of());
        if (metadata.size() > MAX_METADATA_KEYS) {
            v.add("metadata", "must have at most " + MAX_METADATA_KEYS + " keys");
        }
        Optional<Integer> retentionDays = range(d.executionRetentionDays(), "execution_retention_days", 0,
                MAX_RETENTION_DAYS, v).filter(days -> days > 0);
        NotificationSettings notifications = d.notificationSettings()
                .map(n -> NotificationSettings.parse(n, "notification_settings", v))
                .orElse(NotificationSettings.DEFAULT);

        v.throwIfAny();
        return new RuleDefinition(name, d.description(), status, priority, triggerType.orElseThrow(),
                triggerConfig.orElseThrow(), conditions, logic, actions, maxConcurrent, timeoutMinutes,
                d.retryFailedExecutions().orElse(false), d.isTemplate().orElse(false), templateCategory,
                tags.stream().distinct().toList(), metadata, notifications, retentionDays);
    }

    private static List<ActionSpec> actions(RuleDraft d, Violations v) {
        List<ActionSpec> actions = new ArrayList<>();
        if (d.actions().isEmpty()) {
            v.add("actions", "is required");
            return actions;
        }
        List<Object> raw = d.actions().get();
        if (raw.isEmpty()) {
            v.add("actions", "must have at least 1 item");
            return actions;
        }
        if (raw.size() > MAX_ACTIONS) {
            v.add("actions", "must have at most " + MAX_ACTIONS + " items");
            return actions;
        }
        Set<Integer> orders = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String path = Violations.index("actions", i);
            Optional<ActionSpec> action = ActionSpec.parse(raw.get(i), path, v);
            if (action.isPresent()) {
                if (!orders.add(action.get().order())) {
                    v.add(path + ".order", "must be unique; order " + action.get().order() + " is used twice");
                }
                actions.add(action.get());
            }
        }
        return actions;
    }

    /** This definition as a draft, so an update can be laid over it and validated as a whole. */
    public RuleDraft toDraft() {
        return new RuleDraft(Optional.of(name), description, Optional.of(status.wire()), Optional.of(priority.wire()),
                Optional.of(triggerType.wire()), Optional.of(triggerConfig.toMap()),
                Optional.of(conditions.stream().<Object>map(Condition::toMap).toList()),
                Optional.of(conditionLogic.wire()), Optional.of(actions.stream().<Object>map(ActionSpec::toMap).toList()),
                Optional.of((long) maxConcurrentExecutions), Optional.of((long) executionTimeoutMinutes),
                Optional.of(retryFailedExecutions), Optional.of(isTemplate), templateCategory, Optional.of(tags),
                Optional.of(metadata), Optional.of(notificationSettings.toMap()),
                executionRetentionDays.map(Integer::longValue));
    }

    public RuleDefinition withStatus(RuleStatus newStatus) {
        return new RuleDefinition(name, description, newStatus, priority, triggerType, triggerConfig, conditions,
                conditionLogic, actions, maxConcurrentExecutions, executionTimeoutMinutes, retryFailedExecutions,
                isTemplate, templateCategory, tags, metadata, notificationSettings, executionRetentionDays);
    }

    public RuleDefinition withMetadata(Map<String, Object> newMetadata) {
        return new RuleDefinition(name, description, status, priority, triggerType, triggerConfig, conditions,
                conditionLogic, actions, maxConcurrentExecutions, executionTimeoutMinutes, retryFailedExecutions,
                isTemplate, templateCategory, tags, newMetadata, notificationSettings, executionRetentionDays);
    }

    private static <T> Optional<T> required(Optional<T> value, String field, Violations v) {
        if (value.isEmpty()) {
            v.add(field, "is required");
        }
        return value;
    }

    private static <E extends Enum<E> & WireEnum> Optional<E> enumOf(Class<E> type, Optional<String> wire,
                                                                    String field, Violations v) {
        if (wire.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> value = WireEnum.parse(type, wire.get());
        if (value.isEmpty()) {
            v.add(field, "must be one of " + String.join(", ", WireEnum.values(type)));
        }
        return value;
    }

    private static Optional<Integer> range(Optional<Long> value, String field, int min, int max, Violations v) {
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            v.add(field, "must be between " + min + " and " + max);
            return Optional.empty();
        }
        return value.map(Long::intValue);
    }
}
