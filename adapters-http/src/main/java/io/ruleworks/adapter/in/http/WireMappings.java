package io.ruleworks.adapter.in.http;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.WireEnum;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversions every response mapper needs, from the domain's types to the wire's: ids to UUIDs,
 * enums to their contract strings, absent values to JSON null. Used by the MapStruct mappers
 * ({@code uses = WireMappings.class}).
 */
public final class WireMappings {

    private WireMappings() {
    }

    public static UUID uuid(RuleId id) {
        return id.value();
    }

    public static UUID uuid(TenantId id) {
        return id.value();
    }

    public static UUID uuid(ExecutionId id) {
        return id.value();
    }

    public static String wire(WireEnum value) {
        return value.wire();
    }

    public static String unwrap(Optional<String> value) {
        return value.orElse(null);
    }

    public static UUID unwrapUuid(Optional<UUID> value) {
        return value.orElse(null);
    }

    public static Instant unwrapInstant(Optional<Instant> value) {
        return value.orElse(null);
    }

    public static Long unwrapLong(Optional<Long> value) {
        return value.orElse(null);
    }

    public static Integer unwrapInt(Optional<Integer> value) {
        return value.orElse(null);
    }
}
