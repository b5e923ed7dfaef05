package io.ruleworks.domain.shared;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An enum whose values travel as the contract's lower-case snake_case strings. */
public interface WireEnum {

    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String wire) {
        return wire == null ? Optional.empty() : Optional.ofNullable(type.cast(WireNames.of(type).byWire().get(wire)));
    }

    static <E extends Enum<E> & WireEnum> E require(Class<E> type, String wire) {
        return parse(type, wire).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + type.getSimpleName() + ": " + wire));
    }

    /** Every wire form in declaration order; unmodifiable (one set per type, shared by every caller). */
    static <E extends Enum<E> & WireEnum> Set<String> values(Class<E> type) {
        return WireNames.of(type).values();
    }
}
