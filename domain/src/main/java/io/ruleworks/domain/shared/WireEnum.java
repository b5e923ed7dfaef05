package io.ruleworks.domain.shared;

import java.util.Arrays;
import java.util.LinkedHashSet;
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
        if (wire == null) {
            return Optional.empty();
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static <E extends Enum<E> & WireEnum> E require(Class<E> type, String wire) {
        return parse(type, wire).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + type.getSimpleName() + ": " + wire));
    }

    static <E extends Enum<E> & WireEnum> Set<String> values(Class<E> type) {
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).forEach(values::add);
        return values;
    }
}
