package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one query behind the trigger state tables that follow rule versions (rule_schedules,
 * condition_polls): rules of the given trigger types whose state row is missing or was computed
 * for an older version of the rule ({@code rule_updated_at <> updated_at}).
 */
final class StaleRuleVersions {

    private StaleRuleVersions() {
    }

    /**
     * @param stateTable   the state table (a constant of the caller, never client text)
     * @param triggerTypes an SQL predicate on {@code r.trigger_type} (a constant of the caller)
     */
    static List<RuleVersion> find(Jdbc jdbc, String stateTable, String triggerTypes, int max) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT r.tenant, r.rule_id, r.updated_at FROM automation_rules r "
                    + "LEFT JOIN " + stateTable + " s ON s.tenant = r.tenant AND s.rule_id = r.rule_id "
                    + "WHERE r.trigger_type " + triggerTypes + " "
                    + "AND (s.rule_id IS NULL OR s.rule_updated_at <> r.updated_at) LIMIT ?")) {
                ps.setInt(1, max);
                List<RuleVersion> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RuleVersion(new TenantId(rs.getObject(1, UUID.class)),
                                new RuleId(rs.getObject(2, UUID.class)), rs.getTimestamp(3).toInstant()));
                    }
                }
                return out;
            }
        });
    }
}
