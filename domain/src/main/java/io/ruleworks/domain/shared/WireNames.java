package io.ruleworks.domain.shared;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link WireEnum} type's constants by wire form, and its wire forms in declaration order, built
 * once per type. Parsing used to walk the constants and lower-case each name on every call, and
 * {@link WireEnum#values} built a new set each time: every stored rule read back (a rule list reads
 * 25) parsed a dozen such values (docs/performance.md, "Reads, 2026-12-08").
 */
record WireNames(Map<String, Object> byWire, Set<String> values) {

    private static final ClassValue<WireNames> OF = new ClassValue<>() {
        @Override
        protected WireNames computeValue(Class<?> type) {
            Map<String, Object> byWire = new HashMap<>();
            Set<String> values = new LinkedHashSet<>();
            for (Object constant : type.getEnumConstants()) {
                String wire = ((WireEnum) constant).wire();
                byWire.putIfAbsent(wire, constant); // the first constant of a wire form, as the walk found it
                values.add(wire);
            }
            return new WireNames(Map.copyOf(byWire), Collections.unmodifiableSet(values));
        }
    };

    static WireNames of(Class<? extends Enum<?>> type) {
        return OF.get(type);
    }
}
