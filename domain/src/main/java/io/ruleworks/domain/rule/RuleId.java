package io.ruleworks.domain.rule;

import java.util.Objects;
import java.util.UUID;

public record RuleId(UUID value) {
    public RuleId {
        Objects.requireNonNull(value, "rule id");
    }

    public static RuleId newId() {
        return new RuleId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
