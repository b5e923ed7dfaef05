package io.ruleworks.domain.statistics;

import java.util.Objects;

/**
 * How much one trigger or action type is used: by how many executions and by how many of the
 * tenant's rules.
 */
public record UsageCount(String type, long executions, long rules) {

    public UsageCount {
        Objects.requireNonNull(type, "type");
    }
}
