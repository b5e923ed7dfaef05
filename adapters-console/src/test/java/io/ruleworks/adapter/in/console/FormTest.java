package io.ruleworks.adapter.in.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormTest {

    @Test
    void fields_are_decoded_and_repeated_ones_kept_in_order() {
        Form form = Form.parse("api_key=rwk_a%2Bb&var.x=1&var.x=2&empty=&flag");
        assertThat(form.get("api_key")).hasValue("rwk_a+b");
        assertThat(form.all("var.x")).containsExactly("1", "2");
        assertThat(form.get("empty")).hasValue("");
        assertThat(form.has("flag")).isTrue();
        assertThat(form.get("missing")).isEmpty();
    }

    @Test
    void a_malformed_escape_skips_only_its_pair() {
        Form form = Form.parse("a=%zz&b=ok");
        assertThat(form.has("a")).isFalse();
        assertThat(form.get("b")).hasValue("ok");
        assertThat(Form.parse(null).has("a")).isFalse();
    }
}
