package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;

import java.util.Map;
import java.util.Optional;

/** Fired only by an explicit execute call; it has no settings. */
public record ManualTrigger() implements TriggerConfig {

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        new ConfigReader(raw, path, violations).rejectUnknownKeys();
        return Optional.of(new ManualTrigger());
    }

    @Override
    public Map<String, Object> toMap() {
        return Map.of();
    }
}
