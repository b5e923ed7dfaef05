package io.ruleworks.domain.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReaderPropertyTest {

    private static final List<String> KEYS = List.of("a", "b", "url", "to", "count", "when", "zone", "kind", "flag");

    /** Every reading method of ConfigReader, each applied to one key. */
    private static final List<BiConsumer<ConfigReader, String>> READS = List.of(
            (r, k) -> r.has(k),
            (r, k) -> r.raw(k),
            (r, k) -> r.string(k, 1, 20),
            (r, k) -> r.requiredString(k, 2, 5),
            (r, k) -> r.oneOf(k, Set.of("x", "y")),
            (r, k) -> r.requiredOneOf(k, Set.of("x")),
            (r, k) -> r.integer(k, -5, 5),
            (r, k) -> r.requiredInteger(k, 0, Long.MAX_VALUE),
            (r, k) -> r.bool(k),
            (r, k) -> r.object(k),
            (r, k) -> r.stringMap(k, 3),
            (r, k) -> r.list(k, 1, 3),
            (r, k) -> r.stringList(k, 0, 4, ConfigReader.StringCheck.EMAIL_ADDRESS),
            (r, k) -> r.stringList(k, 1, 4, ConfigReader.StringCheck.HTTP_URL),
            (r, k) -> r.zone(k),
            (r, k) -> r.instant(k),
            (r, k) -> r.url(k, false),
            (r, k) -> r.url(k, true));

    @Property(tries = 2_000)
    void reading_any_json_object_in_any_way_reports_only_violations_under_the_readers_path(
            @ForAll("objects") Map<String, Object> source, @ForAll("reads") List<Tuple.Tuple2<Integer, String>> reads) {
        Violations violations = new Violations();
        ConfigReader reader = new ConfigReader(source, "actions[2].config", violations);

        reads.forEach(read -> READS.get(read.get1()).accept(reader, read.get2()));
        reader.rejectUnknownKeys();

        assertThat(violations.asList()).allSatisfy(v -> assertThat(v.field()).startsWith("actions[2].config."));
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, String>>> reads() {
        return Combinators.combine(Arbitraries.integers().between(0, READS.size() - 1), Arbitraries.of(KEYS))
                .as(Tuple::of).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        return object(2);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(25).map(Object.class::cast),
                Arbitraries.of("x", "y", "", "a@b.co", "https://example.com/x", "ftp://x", "Europe/Berlin", "Nowhere/X",
                        "2026-01-31T09:00:00Z", "2026-02-30T00:00:00Z", "z".repeat(10_001)).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, new BigDecimal("1E+2147483647"),
                        new BigDecimal("-0.000"), new BigInteger("-9223372036854775809"), Float.MAX_VALUE)
                        .map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast)).injectNull(0.1);
        if (depth <= 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(1, value(depth - 1).list().ofMaxSize(5).map(l -> (Object) new ArrayList<>(l))),
                Tuple.of(1, object(depth - 1).map(Object.class::cast)));
    }

    private static Arbitrary<Map<String, Object>> object(int depth) {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(4)),
                        value(depth))
                .as(Tuple::of).list().ofMaxSize(6).map(entries -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    entries.forEach(e -> map.put(e.get1(), e.get2()));
                    return map;
                });
    }
}
