package io.ruleworks.domain.access;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do; the contract names one per operation (x-rbac-action). */
public enum Permission {
    READ("automation:read"),
    CREATE("automation:create"),
    UPDATE("automation:update"),
    DELETE("automation:delete"),
    EXECUTE("automation:execute");

    private final String wire;

    Permission(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Permission> parse(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(wire)).findFirst();
    }
}
