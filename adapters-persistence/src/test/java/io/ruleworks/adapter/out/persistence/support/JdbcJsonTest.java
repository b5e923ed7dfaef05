package io.ruleworks.adapter.out.persistence.support;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** jsonb columns read back: the empty object and array (read without the parser) as the parser reads them. */
class JdbcJsonTest {

    private final Jdbc jdbc = new Jdbc(null, JsonMapper.createDefault());

    @Test
    void an_empty_object_is_a_new_modifiable_map_each_time() {
        Map<String, Object> first = jdbc.jsonObject("{}");
        first.put("k", 1);

        assertThat(first).containsEntry("k", 1);
        assertThat(jdbc.jsonObject("{}")).isEmpty();
        assertThat(jdbc.jsonObject("{}")).isEqualTo(jdbc.jsonObject("{ }")).isInstanceOf(java.util.LinkedHashMap.class);
    }

    @Test
    void an_empty_array_is_a_new_modifiable_list_each_time() {
        List<Object> first = jdbc.jsonArray("[]");
        first.add("x");

        assertThat(jdbc.jsonArray("[]")).isEmpty();
        assertThat(jdbc.jsonArray("[]")).isEqualTo(jdbc.jsonArray("[ ]")).isInstanceOf(java.util.ArrayList.class);
    }

    @Test
    void anything_else_goes_through_the_parser() {
        assertThat(jdbc.jsonObject("{\"a\": [1, {}], \"b\": null}")).containsEntry("a", List.of(1, Map.of()))
                .containsEntry("b", null);
        assertThat(jdbc.jsonArray("[{}, []]")).containsExactly(Map.of(), List.of());
    }
}
