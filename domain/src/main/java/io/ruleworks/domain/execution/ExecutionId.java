package io.ruleworks.domain.execution;

import java.util.Objects;
import java.util.UUID;

public record ExecutionId(UUID value) {
    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
    }

    public static ExecutionId newId() {
        return new ExecutionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
