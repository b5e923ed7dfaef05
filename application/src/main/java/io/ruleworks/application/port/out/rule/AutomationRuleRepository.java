package io.ruleworks.application.port.out.rule;

import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Optional;

public interface AutomationRuleRepository {

    void insert(AutomationRule rule);

    /** Writes the rule's definition and updated_at; false when it no longer exists. */
    boolean update(AutomationRule rule);

    Optional<AutomationRule> findById(TenantId tenant, RuleId id);

    /**
     * The rule's version (its updated_at, which every change of its definition or status moves),
     * or empty when it does not exist: lets a cached copy be checked without reading the rule.
     */
    Optional<Instant> versionOf(TenantId tenant, RuleId id);

    /** As {@link #findById} but locks the row until the surrounding transaction ends. */
    Optional<AutomationRule> findByIdForUpdate(TenantId tenant, RuleId id);

    boolean delete(TenantId tenant, RuleId id);

    Page<AutomationRule> list(TenantId tenant, RuleFilter filter, PageRequest page);
}
