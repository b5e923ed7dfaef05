package io.ruleworks.domain.access;

import java.util.Objects;
import java.util.UUID;

public record ApiKeyId(UUID value) {
    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
