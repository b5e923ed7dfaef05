package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.Violations;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionRegexGuardTest {

    private static Violations parse(String regex) {
        Violations violations = new Violations();
        Condition.parse(Map.of("field", "ticket.title", "operator", "regex_match", "value", regex), "conditions[0]",
                violations);
        return violations;
    }

    @Test
    void nested_counted_repetitions_that_multiply_beyond_the_limit_are_refused() {
        Violations violations = parse("(a{1000}){1000}b");

        assertThat(violations.asList()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("conditions[0].value");
            assertThat(v.message()).contains("counted repetitions");
        });
    }

    @Test
    void chained_counts_are_multiplied_too() {
        assertThat(Condition.repetitionProduct("a{10}b{10}c{11}")).isEqualTo(1_100);
        assertThat(parse("a{10}b{10}c{11}").isEmpty()).isFalse();
    }

    @Test
    void ordinary_counted_patterns_are_accepted() {
        assertThat(parse("^[A-Z]{2,3}-\\d{1,6}$").isEmpty()).isTrue();
        assertThat(Condition.repetitionProduct("^[A-Z]{2,3}-\\d{1,6}$")).isEqualTo(18);
    }

    @Test
    void an_open_upper_bound_counts_its_lower_bound() {
        assertThat(Condition.repetitionProduct("x{5,}")).isEqualTo(5);
    }
}
