package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rules kept between executions, one cache for the execute requests and the workers. A cached rule
 * is used only when the caller knows the rule's current version (its updated_at, which the queue's
 * claim returns, or {@link #current} reads) and it matches; otherwise the rule is read again. So an
 * edited rule is seen by the next execution that is requested or starts, while a busy rule is not
 * read and revalidated for every execution. Least recently used rules are dropped beyond the
 * capacity.
 */
public final class RuleCache {

    public static final int DEFAULT_CAPACITY = 10_000;

    private record Key(TenantId tenant, RuleId rule) {
    }

    private final AutomationRuleRepository rules;
    private final Map<Key, AutomationRule> cached;

    public RuleCache(AutomationRuleRepository rules, int capacity) {
        this.rules = rules;
        this.cached = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, AutomationRule> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The rule as it is now: its version is read (one indexed row, no JSON), the rule itself only when it changed. */
    Optional<AutomationRule> current(TenantId tenant, RuleId id) {
        return rules.versionOf(tenant, id).flatMap(version -> find(tenant, id, Optional.of(version)));
    }

    Optional<AutomationRule> find(TenantId tenant, RuleId id, Optional<Instant> currentVersion) {
        Key key = new Key(tenant, id);
        if (currentVersion.isPresent()) {
            synchronized (cached) {
                AutomationRule rule = cached.get(key);
                if (rule != null && rule.updatedAt().equals(currentVersion.get())) {
                    return Optional.of(rule);
                }
            }
        }
        Optional<AutomationRule> loaded = rules.findById(tenant, id);
        synchronized (cached) {
            loaded.ifPresentOrElse(rule -> cached.put(key, rule), () -> cached.remove(key));
        }
        return loaded;
    }
}
