package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigDescription;
import io.ruleworks.domain.shared.Violations;

import java.util.Map;

/**
 * The JSON Schema (2020-12) of each trigger type's {@code trigger_config} and each action type's
 * {@code config}, produced by running the very checks that validate them ({@link TriggerConfig#parse},
 * {@link ActionConfigPolicy}) in describing mode: the schema cannot drift from the checks. It
 * describes per-field rules (types, lengths, ranges, enums, required and unknown keys, null and
 * template acceptance); rules between fields are the checks' alone, so a config the schema
 * accepts may still be refused, but one the checks accept is never refused by the schema.
 */
public final class ConfigSchemas {

    private ConfigSchemas() {
    }

    public static Map<String, Object> trigger(TriggerType type) {
        ConfigDescription description = new ConfigDescription();
        TriggerConfig.parse(type, Map.of(), "", Violations.describing(description));
        return description.jsonSchema(type.wire() + " trigger_config");
    }

    public static Map<String, Object> action(ActionType type) {
        ConfigDescription description = new ConfigDescription();
        ActionConfigPolicy.check(type, Map.of(), "", Violations.describing(description));
        return description.jsonSchema(type.wire() + " action config");
    }
}
