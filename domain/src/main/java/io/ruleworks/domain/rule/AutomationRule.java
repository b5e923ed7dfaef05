package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.TenantId;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The rule aggregate: a tenant's definition of trigger, conditions and actions, plus the
 * bookkeeping the service keeps about it. Its definition is valid by construction; every change
 * goes through a method that revalidates and stamps updated_at from the injected clock.
 */
public final class AutomationRule {

    /** The resource name of a rule in errors (NOT_FOUND's details.resource). */
    public static final String RESOURCE = "automation_rule";

    /** The metadata key where the service records why it put a rule in error. */
    public static final String LAST_ERROR = "last_error";

    private final RuleId id;
    private final TenantId tenant;
    private RuleDefinition definition;
    private final Optional<UUID> createdBy;
    private final Instant createdAt;
    private Instant updatedAt;
    private final long executionCount;
    private final Optional<Instant> lastExecuted;

    private AutomationRule(RuleId id, TenantId tenant, RuleDefinition definition, Optional<UUID> createdBy,
                           Instant createdAt, Instant updatedAt, long executionCount, Optional<Instant> lastExecuted) {
        this.id = Objects.requireNonNull(id);
        this.tenant = Objects.requireNonNull(tenant);
        this.definition = Objects.requireNonNull(definition);
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
        this.executionCount = executionCount;
        this.lastExecuted = Objects.requireNonNull(lastExecuted);
    }

    /** A new rule from a client's draft; throws a ValidationException listing every problem. */
    public static AutomationRule create(RuleId id, TenantId tenant, RuleDraft draft, Optional<UUID> createdBy,
                                        Clock clock) {
        Instant now = clock.instant();
        return new AutomationRule(id, tenant, RuleDefinition.from(draft), createdBy, now, now, 0, Optional.empty());
    }

    /** Rebuilds a stored rule without revalidating or replaying anything. */
    public static AutomationRule reconstitute(RuleId id, TenantId tenant, RuleDefinition definition,
                                              Optional<UUID> createdBy, Instant createdAt, Instant updatedAt,
                                              long executionCount, Optional<Instant> lastExecuted) {
        return new AutomationRule(id, tenant, definition, createdBy, createdAt, updatedAt, executionCount, lastExecuted);
    }

    /** Applies a partial update: the patch is laid over the current definition and the whole is revalidated. */
    public void revise(RuleDraft patch, Clock clock) {
        replace(definition.toDraft().overlay(patch), clock);
    }

    /**
     * Replaces the definition by {@code draft} as a whole (a field the draft lacks takes its
     * default, an optional one is cleared), revalidated.
     */
    public void replace(RuleDraft draft, Clock clock) {
        RuleDefinition next = RuleDefinition.from(draft);
        requireSettable(next.status());
        this.definition = next;
        this.updatedAt = clock.instant();
    }

    /** A client sets the rule's status (bulk-status); setting the status it has changes nothing. */
    public void changeStatus(RuleStatus status, Clock clock) {
        if (definition.status() != status) {
            requireSettable(status);
            this.definition = definition.withStatus(status);
            this.updatedAt = clock.instant();
        }
    }

    private void requireSettable(RuleStatus status) {
        if (!definition.status().settableByClient().contains(status)) {
            throw new InvalidRuleStatusChangeException(definition.status(), status, "set to " + status.wire());
        }
    }

    /**
     * The rule could not do its job by itself (a condition_based rule whose source failed too often):
     * its status becomes error and {@code metadata.last_error} says why, so that a client sees it
     * on the rule. It stays so until a client changes its status again. Only an active rule runs,
     * so only an active rule can fail.
     */
    public void markFailing(Map<String, Object> lastError, Clock clock) {
        if (!definition.status().canFail()) {
            throw new InvalidRuleStatusChangeException(definition.status(), RuleStatus.ERROR, "marked as failing");
        }
        Map<String, Object> metadata = new LinkedHashMap<>(definition.metadata());
        metadata.put(LAST_ERROR, new LinkedHashMap<>(lastError));
        this.definition = definition.withStatus(RuleStatus.ERROR).withMetadata(metadata);
        this.updatedAt = clock.instant();
    }

    public boolean isActive() {
        return definition.status() == RuleStatus.ACTIVE;
    }

    public RuleId id() {
        return id;
    }

    public TenantId tenant() {
        return tenant;
    }

    public RuleDefinition definition() {
        return definition;
    }

    public Optional<UUID> createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long executionCount() {
        return executionCount;
    }

    public Optional<Instant> lastExecuted() {
        return lastExecuted;
    }
}
