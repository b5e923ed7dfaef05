package io.ruleworks.adapter.in.http.fieldvalidation;

import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldWarningsTest {

    @Test
    void a_warning_is_a_quoted_string_with_quotes_backslashes_and_non_ascii_escaped() {
        assertThat(FieldWarnings.headerValue("unknown field \"a\\b\r\né\""))
                .isEqualTo("299 - \"unknown field \\\"a\\\\b\\\\u000d\\\\u000a\\\\u00e9\\\"\"");
    }

    @Test
    void at_most_twenty_headers_are_written_the_last_counting_the_rest() {
        FieldWarnings warnings = new FieldWarnings(FieldValidation.WARN);
        IntStream.range(0, 25).forEach(i -> warnings.warn("w" + i));

        List<String> values = warnings.headerValues();

        assertThat(values).hasSize(FieldWarnings.MAX_HEADERS);
        assertThat(values.getLast()).isEqualTo("299 - \"6 more warnings left out\"");
    }

    @Test
    void strict_refuses_unknown_fields_warn_remembers_them_ignore_forgets_them() {
        assertThatThrownBy(() -> new FieldWarnings(FieldValidation.STRICT).unknown(List.of("nmae"), "field", "is not a known field"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("nmae");
        FieldWarnings warn = new FieldWarnings(FieldValidation.WARN);
        warn.unknown(List.of("nmae"), "field", "is not a known field");
        FieldWarnings ignore = new FieldWarnings(FieldValidation.IGNORE);
        ignore.unknown(List.of("nmae"), "field", "is not a known field");

        assertThat(warn.warnings()).containsExactly("unknown field \"nmae\"");
        assertThat(ignore.warnings()).isEmpty();
    }

    @Test
    void modes_are_read_in_any_letter_case() {
        assertThat(FieldValidation.parse("strict")).contains(FieldValidation.STRICT);
        assertThat(FieldValidation.parse(" WARN ")).contains(FieldValidation.WARN);
        assertThat(FieldValidation.parse("Lenient")).isEmpty();
    }
}
