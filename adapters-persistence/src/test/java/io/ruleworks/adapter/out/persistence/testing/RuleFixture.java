package io.ruleworks.adapter.out.persistence.testing;

import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Builds valid rules for the persistence tests: a minimal definition with every listed column settable. */
public final class RuleFixture {

    /** A timestamp with microseconds, the precision PostgreSQL keeps. */
    public static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

    private static final Map<String, Object> EMAIL_ACTION = Map.of("type", "email_notification", "order", 1,
            "config", Map.of("to", List.of("ops@example.com"), "subject", "Rule fired", "body", "Hello"));

    private final TenantId tenant;
    private RuleId id = RuleId.newId();
    private String name = "Notify ops";
    private String description;
    private RuleStatus status = RuleStatus.ACTIVE;
    private TriggerType triggerType = TriggerType.MANUAL;
    private Map<String, Object> triggerConfig;
    private Priority priority = Priority.NORMAL;
    private String templateCategory;
    private UUID createdBy;
    private Instant createdAt = T0;
    private Instant updatedAt = T0;

    private RuleFixture(TenantId tenant) {
        this.tenant = tenant;
    }

    /** The stored rule at its current version, as the trigger state stores take it. */
    public static RuleVersion versionOf(AutomationRule rule) {
        return new RuleVersion(rule.tenant(), rule.id(), rule.updatedAt());
    }

    public static RuleFixture ruleOf(TenantId tenant) {
        return new RuleFixture(tenant);
    }

    public RuleFixture id(RuleId value) {
        this.id = value;
        return this;
    }

    public RuleFixture name(String value) {
        this.name = value;
        return this;
    }

    public RuleFixture description(String value) {
        this.description = value;
        return this;
    }

    public RuleFixture status(RuleStatus value) {
        this.status = value;
        return this;
    }

    public RuleFixture trigger(TriggerType value) {
        this.triggerType = value;
        return this;
    }

    /** A trigger and its configuration, instead of the default configuration of the type. */
    public RuleFixture trigger(TriggerType type, Map<String, Object> config) {
        this.triggerType = type;
        this.triggerConfig = config;
        return this;
    }

    public RuleFixture priority(Priority value) {
        this.priority = value;
        return this;
    }

    public RuleFixture templateCategory(String value) {
        this.templateCategory = value;
        return this;
    }

    public RuleFixture createdBy(UUID value) {
        this.createdBy = value;
        return this;
    }

    public RuleFixture createdAt(Instant value) {
        this.createdAt = value;
        return this;
    }

    public RuleFixture updatedAt(Instant value) {
        this.updatedAt = value;
        return this;
    }

    public AutomationRule build() {
        RuleDraft draft = RuleDraft.empty().overlay(new RuleDraft(Optional.of(name), Optional.ofNullable(description),
                Optional.of(status.wire()), Optional.of(priority.wire()), Optional.of(triggerType.wire()),
                Optional.of(triggerConfig != null ? triggerConfig : triggerConfig(triggerType)), Optional.empty(), Optional.empty(),
                Optional.of(List.of(EMAIL_ACTION)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(templateCategory != null), Optional.ofNullable(templateCategory), Optional.empty(),
                Optional.empty(), Optional.empty()));
        return AutomationRule.reconstitute(id, tenant, RuleDefinition.from(draft), Optional.ofNullable(createdBy),
                createdAt, updatedAt, 0, Optional.empty());
    }

    private static Map<String, Object> triggerConfig(TriggerType type) {
        return switch (type) {
            case TIME_BASED, RECURRING -> Map.of("schedule_type", "daily");
            case EVENT_BASED -> Map.of("event_type", "ticket.created");
            case CONDITION_BASED -> Map.of("check_interval_minutes", 15,
                    "conditions", List.of(Map.of("field", "ticket.status", "operator", "equals", "value", "open")));
            case WEBHOOK, MANUAL -> Map.of();
        };
    }
}
