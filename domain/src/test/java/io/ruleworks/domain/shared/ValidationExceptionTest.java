package io.ruleworks.domain.shared;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValidationExceptionTest {

    private static final List<FieldViolation> TWO = List.of(
            new FieldViolation("name", "is required"),
            new FieldViolation("actions[1].config.url", "must be an absolute http or https URL"));

    @Test
    void it_carries_the_contracts_validation_error_code() {
        ValidationException e = new ValidationException(TWO);

        assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void details_name_the_first_field_and_list_every_violation_in_order() {
        ValidationException e = new ValidationException(TWO);

        assertThat(e.details()).isEqualTo(Map.of(
                "field", "name",
                "errors", List.of(
                        Map.of("field", "name", "message", "is required", "code", "invalid_type", "path", List.of("name")),
                        Map.of("field", "actions[1].config.url", "message", "must be an absolute http or https URL",
                                "code", "custom", "path", List.of("actions", 1, "config", "url")))));
    }

    @Test
    void each_error_is_also_a_zod_issue_with_a_code_and_a_path_of_keys_and_indexes() {
        ValidationException e = new ValidationException(List.of(
                new FieldViolation("body", "is not valid JSON"),
                new FieldViolation("trigger_config.colour", "is not a known field"),
                new FieldViolation("conditions[0].value", "must be a string", "invalid_type")));

        assertThat(e.details().get("errors")).asList().extracting("code", "path").containsExactly(
                org.assertj.core.groups.Tuple.tuple("custom", List.of()),
                org.assertj.core.groups.Tuple.tuple("unrecognized_keys", List.of("trigger_config", "colour")),
                org.assertj.core.groups.Tuple.tuple("invalid_type", List.of("conditions", 0, "value")));
    }

    @Test
    void the_message_quotes_the_first_violation_and_counts_the_rest() {
        ValidationException e = new ValidationException(TWO);

        assertThat(e.getMessage()).isEqualTo("Validation failed: name is required (and 1 more)");
    }

    @Test
    void a_single_violation_gives_a_message_without_a_count() {
        ValidationException e = ValidationException.of("trigger_config.cron_expression", "is required");

        assertThat(e.getMessage()).isEqualTo("Validation failed: trigger_config.cron_expression is required");
    }

    @Test
    void the_violations_are_kept_as_given() {
        ValidationException e = new ValidationException(TWO);

        assertThat(e.violations()).isEqualTo(TWO);
    }

    @Test
    void a_failure_without_any_violation_cannot_be_made() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ValidationException(List.of()));
    }

    @Test
    void violations_throw_only_when_something_was_recorded() {
        Violations none = new Violations();
        Violations one = new Violations();
        one.add("tags[0]", "must be 1 to 100 characters");

        none.throwIfAny();

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class, one::throwIfAny)
                .violations()).containsExactly(new FieldViolation("tags[0]", "must be 1 to 100 characters"));
    }

    @Test
    void paths_join_keys_with_dots_and_indexes_with_brackets() {
        String path = Violations.child(Violations.index(Violations.child("", "actions"), 1), "config");

        assertThat(Violations.child(path, "url")).isEqualTo("actions[1].config.url");
    }
}
