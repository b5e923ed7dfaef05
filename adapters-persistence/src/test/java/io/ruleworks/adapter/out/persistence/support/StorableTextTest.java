package io.ruleworks.adapter.out.persistence.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

    @Test
    void a_nul_is_spelled_out_as_six_characters() {
        assertThat(StorableText.text("a\u0000b\u0000")).isEqualTo("a\\u0000b\\u0000");
    }

    @Test
    void lone_surrogates_become_the_replacement_character_and_pairs_are_kept() {
        assertThat(StorableText.text("\uD800")).isEqualTo("\uFFFD");
        assertThat(StorableText.text("x\uDFFFy\uD800")).isEqualTo("x\uFFFDy\uFFFD");
        assertThat(StorableText.text("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD"); // a pair in the wrong order
        assertThat(StorableText.text("\uD83D\uDE00 \uD800\uD83D\uDE00")).isEqualTo("\uD83D\uDE00 \uFFFD\uD83D\uDE00");
    }

    @Test
    void storable_text_is_returned_as_the_same_object() {
        String text = "plain \\u0000 text, é, \uD83D\uDE00";
        assertThat(StorableText.text(text)).isSameAs(text);
        assertThat(StorableText.text(null)).isNull();
    }

    @Test
    void strings_and_keys_anywhere_in_a_json_value_are_made_storable_in_their_order() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("ok", 1);
        inner.put("k\u0000", "\uD800");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("first", "fine");
        value.put("list", new ArrayList<>(Arrays.asList("a", null, "b\u0000", inner)));
        value.put("n", 2.5);
        value.put("nothing", null);

        Object storable = StorableText.value(value);

        Map<String, Object> expectedInner = new LinkedHashMap<>();
        expectedInner.put("ok", 1);
        expectedInner.put("k\\u0000", "\uFFFD");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("first", "fine");
        expected.put("list", Arrays.asList("a", null, "b\\u0000", expectedInner));
        expected.put("n", 2.5);
        expected.put("nothing", null);
        assertThat(storable).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) storable).keySet())).containsExactly("first", "list", "n", "nothing");
        assertThat(value.get("list")).asList().contains("b\u0000"); // the input is not changed
    }

    @Test
    void a_storable_json_value_is_returned_as_the_same_object() {
        Map<String, Object> value = Map.of("a", List.of("x", Map.of("b", 1)), "c", true);
        assertThat(StorableText.value(value)).isSameAs(value);
    }
}
