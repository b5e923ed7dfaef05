package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenJsonTest {

    private static Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("b", 1);
        json.put("a", null);
        json.put("nested", new LinkedHashMap<>(Map.of("x", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("y", 2)))))));
        return json;
    }

    @Test
    void a_frozen_map_is_not_copied_when_frozen_again() {
        Map<String, Object> frozen = OpenJson.frozen(json());

        assertThat(OpenJson.frozen(frozen)).isSameAs(frozen);
    }

    @Test
    void a_frozen_map_answers_as_an_unmodifiable_copy_does() {
        Map<String, Object> frozen = OpenJson.frozen(json());
        Map<String, Object> copy = Collections.unmodifiableMap(json());

        assertThat(frozen).isEqualTo(copy).hasSameHashCodeAs(copy).hasToString(copy.toString());
        assertThat(copy).isEqualTo(frozen);
        assertThat(frozen.keySet()).containsExactly("b", "a", "nested");
        assertThat(frozen.containsKey("a")).isTrue();
        assertThat(frozen.get(null)).isNull();
        assertThat(frozen.getOrDefault("a", 5)).isNull();
    }

    @Test
    void a_frozen_map_refuses_every_change_at_every_depth() {
        Map<String, Object> frozen = OpenJson.frozen(json());
        List<Consumer<Map<String, Object>>> changes = List.of(m -> m.put("c", 1), m -> m.remove("b"),
                m -> m.remove("zz"), m -> m.putAll(Map.of()), Map::clear, m -> m.putIfAbsent("b", 2),
                m -> m.remove("b", 1), m -> m.replace("b", 2), m -> m.replace("b", 1, 2),
                m -> m.replaceAll((k, v) -> v), m -> m.computeIfAbsent("b", k -> 3),
                m -> m.computeIfPresent("zz", (k, v) -> v), m -> m.compute("b", (k, v) -> v),
                m -> m.merge("b", 1, (v, w) -> v), m -> m.keySet().remove("b"), m -> m.values().clear(),
                m -> m.entrySet().iterator().next().setValue(2), m -> {
                    var it = m.entrySet().iterator();
                    it.next();
                    it.remove();
                });

        changes.forEach(change -> assertThatThrownBy(() -> change.accept(frozen))
                .isInstanceOf(UnsupportedOperationException.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) frozen.get("nested");
        assertThatThrownBy(() -> ((List<Object>) nested.get("x")).add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(frozen).isEqualTo(json());
    }

    @Test
    void freezing_without_some_members_keeps_the_others_in_order() {
        assertThat(OpenJson.frozen(json(), Set.of("b")).keySet()).containsExactly("a", "nested");
    }
}
