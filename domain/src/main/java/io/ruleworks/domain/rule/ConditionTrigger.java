package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Polls a data source every check_interval_minutes and fires once for each item that newly matches
 * the conditions (docs/triggers.md). The {@code source} is our extension of the contract's shape;
 * a rule without one is accepted as the contract allows but has nothing to poll (it runs only when
 * executed by hand).
 */
public record ConditionTrigger(long checkIntervalMinutes, List<Condition> conditions, ConditionLogic logicOperator,
                               long maxCheckAttempts, Optional<ConditionSource> source) implements TriggerConfig {

    public static final int MAX_CONDITIONS = 50;

    public ConditionTrigger {
        conditions = List.copyOf(conditions);
    }

    /** A trigger without a source, as the contract defines it. */
    public ConditionTrigger(long checkIntervalMinutes, List<Condition> conditions, ConditionLogic logicOperator,
                            long maxCheckAttempts) {
        this(checkIntervalMinutes, conditions, logicOperator, maxCheckAttempts, Optional.empty());
    }

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<Long> interval = r.requiredInteger("check_interval_minutes", 1, 10_080);
        List<Condition> conditions = new ArrayList<>();
        r.require("conditions");
        r.list("conditions", 1, MAX_CONDITIONS).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Condition.parse(items.get(i), Violations.index(r.pathOf("conditions"), i), violations)
                        .ifPresent(conditions::add);
            }
        });
        ConditionLogic logic = r.oneOf("logic_operator", WireEnum.values(ConditionLogic.class))
                .map(l -> WireEnum.require(ConditionLogic.class, l)).orElse(ConditionLogic.AND);
        long attempts = r.integer("max_check_attempts", 1, 100).orElse(3L);
        Optional<ConditionSource> source = r.object("source")
                .flatMap(s -> ConditionSource.parse(s, r.pathOf("source"), violations));
        r.rejectUnknownKeys();
        return interval.map(i -> new ConditionTrigger(i, conditions, logic, attempts, source));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("check_interval_minutes", checkIntervalMinutes);
        map.put("conditions", conditions.stream().map(Condition::toMap).toList());
        map.put("logic_operator", logicOperator.wire());
        map.put("max_check_attempts", maxCheckAttempts);
        source.ifPresent(s -> map.put("source", s.toMap()));
        return map;
    }
}
