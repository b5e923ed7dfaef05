package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why and with what a new execution of a rule starts: what every trigger path (manual, schedule,
 * webhook, condition poll, event, workflow) hands to {@link AutomationExecution#triggered}. Built
 * with {@link #of(AutomationRule, TriggerType)}; defaults: a new id, empty trigger data, the
 * trigger type's name as {@code execution_context.trigger}, the lineage {@code [the rule]} at
 * chain depth 0, no parent, no idempotency key.
 */
public final class Trigger {

    private final ExecutionId id;
    private final TenantId tenant;
    private final RuleId ruleId;
    private final TriggerType type;
    private final Priority priority;
    private final int actionsTotal;
    private final Map<String, Object> data;
    private final Map<String, Object> details;
    private final Optional<ExecutionId> parent;
    private final int chainDepth;
    private final Optional<String> idempotencyKey;
    private final Optional<String> requestHash;

    private Trigger(Builder b) {
        this.id = b.id;
        this.tenant = b.tenant;
        this.ruleId = b.ruleId;
        this.type = b.type;
        this.priority = b.priority;
        this.actionsTotal = b.actionsTotal;
        this.data = OpenJson.frozen(b.data);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(ExecutionContext.TRIGGER, b.source.orElse(b.type.wire()));
        details.putAll(b.details);
        details.put(ExecutionContext.LINEAGE, Map.of("chain", b.chain.orElse(List.of(b.ruleId.toString()))));
        this.details = OpenJson.frozen(details);
        this.parent = b.parent;
        this.chainDepth = b.chainDepth;
        this.idempotencyKey = b.idempotencyKey;
        this.requestHash = b.requestHash;
    }

    /** A trigger of {@code rule}: its tenant, id, priority and number of actions. */
    public static Builder of(AutomationRule rule, TriggerType type) {
        return of(rule.tenant(), rule.id(), rule.definition().priority(), rule.definition().actions().size(), type);
    }

    /** A trigger of the rule {@code ruleId} as given (for a caller that holds no rule aggregate). */
    public static Builder of(TenantId tenant, RuleId ruleId, Priority priority, int actionsTotal, TriggerType type) {
        return new Builder(tenant, ruleId, priority, actionsTotal, type);
    }

    public ExecutionId id() {
        return id;
    }

    public TenantId tenant() {
        return tenant;
    }

    public RuleId ruleId() {
        return ruleId;
    }

    public TriggerType type() {
        return type;
    }

    public Priority priority() {
        return priority;
    }

    public int actionsTotal() {
        return actionsTotal;
    }

    /** The trigger data: what conditions and templates read as {@code trigger}. */
    public Map<String, Object> data() {
        return data;
    }

    /** The new execution's context: the trigger details, no run state. */
    public ExecutionContext context() {
        return ExecutionContext.triggered(details);
    }

    public Optional<ExecutionId> parent() {
        return parent;
    }

    public int chainDepth() {
        return chainDepth;
    }

    public Optional<String> idempotencyKey() {
        return idempotencyKey;
    }

    public Optional<String> requestHash() {
        return requestHash;
    }

    public static final class Builder {
        private ExecutionId id = ExecutionId.newId();
        private final TenantId tenant;
        private final RuleId ruleId;
        private final TriggerType type;
        private final Priority priority;
        private final int actionsTotal;
        private Map<String, Object> data = Map.of();
        private Optional<String> source = Optional.empty();
        private final Map<String, Object> details = new LinkedHashMap<>();
        private Optional<List<String>> chain = Optional.empty();
        private Optional<ExecutionId> parent = Optional.empty();
        private int chainDepth;
        private Optional<String> idempotencyKey = Optional.empty();
        private Optional<String> requestHash = Optional.empty();

        private Builder(TenantId tenant, RuleId ruleId, Priority priority, int actionsTotal, TriggerType type) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
            this.priority = Objects.requireNonNull(priority, "priority");
            this.type = Objects.requireNonNull(type, "type");
            if (actionsTotal < 0) {
                throw new IllegalArgumentException("actionsTotal must not be negative");
            }
            this.actionsTotal = actionsTotal;
        }

        public Builder id(ExecutionId value) {
            id = Objects.requireNonNull(value);
            return this;
        }

        /** The trigger data: what conditions and templates read as {@code trigger}. */
        public Builder data(Map<String, Object> value) {
            data = Objects.requireNonNull(value);
            return this;
        }

        /** The name in {@code execution_context.trigger} when it is not the trigger type's ("workflow"). */
        public Builder source(String value) {
            source = Optional.of(value);
            return this;
        }

        /** A fact of the trigger kept in the execution context, after {@code trigger}, in the order given. */
        public Builder detail(String key, Object value) {
            if (key.equals(ExecutionContext.TRIGGER) || key.equals(ExecutionContext.LINEAGE)
                    || ExecutionContext.TYPED.contains(key)) {
                throw new IllegalArgumentException(key + " is not a trigger detail");
            }
            details.put(key, value);
            return this;
        }

        /** The rule ids that led here, this rule last; by default only this rule. */
        public Builder chain(List<String> value) {
            chain = Optional.of(List.copyOf(value));
            return this;
        }

        public Builder chainDepth(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("chain depth must not be negative");
            }
            chainDepth = value;
            return this;
        }

        /** A child execution, started by {@code value}'s workflow_execution action. */
        public Builder childOf(ExecutionId value) {
            parent = Optional.of(value);
            return this;
        }

        /** A second trigger with the same key finds the first execution instead of creating one. */
        public Builder idempotencyKey(String key, String hash) {
            idempotencyKey = Optional.of(key);
            requestHash = Optional.of(hash);
            return this;
        }

        public Trigger build() {
            return new Trigger(this);
        }
    }
}
