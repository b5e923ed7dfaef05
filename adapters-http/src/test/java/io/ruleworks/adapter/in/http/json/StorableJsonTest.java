package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ruleworks.domain.shared.FieldViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which parsed JSON values PostgreSQL could not store, and the paths they are reported at. */
class StorableJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static List<FieldViolation> violations(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        return StorableJson.violations(node);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"emoji\": \"\\ud83d\\ude00\"}",
            "{\"\\ud83d\\ude00\": [1, -2.5, 1.7976931348623157e308, 4.9e-324, 0, 0.0, 123456789012345678901234567890]}",
            "{\"text\": \"plain, \\u00e9 and \\u4e2d\"}"})
    void values_postgresql_stores_as_they_are_pass(String json) throws Exception {
        assertThat(violations(json)).isEmpty();
    }

    @Test
    void a_lone_high_surrogate_at_the_end_of_a_value_is_reported_at_its_path() throws Exception {
        assertThat(violations("{\"a\": {\"b\": [\"ok\", \"x\\ud800\"]}}"))
                .containsExactly(new FieldViolation("a.b[1]", StorableJson.SURROGATE_MESSAGE));
    }

    @Test
    void a_lone_low_surrogate_and_a_reversed_pair_are_reported() throws Exception {
        assertThat(violations("{\"a\": \"\\udfffx\", \"b\": \"\\ude00\\ud83d\"}")).extracting(FieldViolation::field)
                .containsExactly("a", "b");
    }

    @Test
    void a_key_with_nul_is_shown_escaped_in_its_path() throws Exception {
        assertThat(violations("{\"k\\u0000ey\": 1}"))
                .containsExactly(new FieldViolation("k\\u0000ey", "is a key that " + StorableJson.NUL_MESSAGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e1000000", "-1e400", "1e-400", "1.5e309", "1e-1000000"})
    void numbers_a_double_cannot_hold_are_out_of_range(String number) throws Exception {
        assertThat(violations("{\"n\": " + number + "}"))
                .containsExactly(new FieldViolation("n", StorableJson.NUMBER_MESSAGE));
    }

    @Test
    void a_top_level_problem_is_at_body() throws Exception {
        assertThat(StorableJson.violations(MAPPER.readTree("\"\\u0000\"")))
                .containsExactly(new FieldViolation("body", StorableJson.NUL_MESSAGE));
    }
}
