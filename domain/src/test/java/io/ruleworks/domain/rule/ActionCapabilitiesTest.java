package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Capabilities;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static io.ruleworks.domain.fixtures.Rejections.rejectionOf;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ActionCapabilitiesTest {

    private static RuleDefinition secondAction(String type, Map<String, Object> config) {
        return RuleDefinition.from(aRule().withActions(RuleDrafts.webhookCallAction(1),
                RuleDrafts.action(type, config, 2)).build());
    }

    private static Map<String, Object> update(String table, Map<String, Object> data, Map<String, Object> conditions) {
        return Json.object("table", table, "operation", "update", "data", data, "conditions", conditions);
    }

    private static java.util.List<String> fields(ValidationException e) {
        return e.violations().stream().map(FieldViolation::field).toList();
    }

    @Nested
    class DisabledTypes {

        @Test
        void a_disabled_type_is_refused_with_its_own_code_and_the_path_of_its_type() {
            RuleDefinition rule = secondAction("system_command", Json.object("command", "/bin/echo"));

            ActionTypeDisabledException refused = catchThrowableOfType(ActionTypeDisabledException.class,
                    () -> Capabilities.standard().check(rule));

            assertThat(refused.code()).isEqualTo("ACTION_TYPE_DISABLED");
            assertThat(refused.details()).containsEntry("field", "actions[1].type")
                    .containsEntry("action_type", "system_command");
        }

        @Test
        void the_same_rule_passes_where_the_type_is_enabled() {
            RuleDefinition rule = secondAction("system_command", Json.object("command", "/bin/echo"));

            assertThatCode(() -> Capabilities.allEnabled().check(rule)).doesNotThrowAnyException();
        }

        @Test
        void a_rule_without_the_disabled_type_is_untouched() {
            assertThatCode(() -> Capabilities.standard().check(RuleDefinition.from(RuleDrafts.manualWebhookRule())))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    class DatabaseUpdate {

        private final ActionCapabilities capabilities = Capabilities.standard();

        @Test
        void an_allowlisted_table_and_columns_pass() {
            RuleDefinition rule = secondAction("database_update",
                    update("tickets", Json.object("status", "closed"), Json.object("id", 7)));

            assertThatCode(() -> capabilities.check(rule)).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @ValueSource(strings = {"users", "Tickets", "t; DROP TABLE x", "tickets\"; --", "public.tickets"})
        void a_table_outside_the_allowlist_is_refused(String table) {
            RuleDefinition rule = secondAction("database_update",
                    update(table, Json.object("status", "closed"), Json.object("id", 7)));

            ValidationException refused = rejectionOf(() -> capabilities.check(rule));

            assertThat(fields(refused)).containsExactly("actions[1].config.table");
            assertThat(refused.violations().getFirst().message()).contains("not one of the allowlisted tables tickets");
        }

        @Test
        void columns_outside_the_allowlist_are_named_in_data_and_conditions() {
            RuleDefinition rule = secondAction("database_update", update("tickets",
                    Json.object("status", "closed", "a\" = 1 --", 1), Json.object("owner", "x")));

            ValidationException refused = rejectionOf(() -> capabilities.check(rule));

            assertThat(fields(refused)).containsExactly("actions[1].config.data.a\" = 1 --",
                    "actions[1].config.conditions.owner");
        }

        @Test
        void a_templated_table_is_left_to_run_time() {
            RuleDefinition rule = secondAction("database_update",
                    update("{{trigger.table}}", Json.object("anything", 1), Json.object("id", 7)));

            assertThatCode(() -> capabilities.check(rule)).doesNotThrowAnyException();
            assertThat(capabilities.problems(ActionType.DATABASE_UPDATE,
                    update("users", Json.object("anything", 1), Json.object("id", 7)), "actions[1].config"))
                    .extracting(FieldViolation::field).containsExactly("actions[1].config.table");
        }

        @Test
        void without_any_table_allowlisted_the_message_says_so() {
            ActionCapabilities nothing = new ActionCapabilities(Set.of(), Map.of(), Set.of(), Set.of());
            RuleDefinition rule = secondAction("database_update",
                    update("tickets", Json.object("status", "closed"), Json.object("id", 7)));

            assertThat(rejectionOf(() -> nothing.check(rule)).violations().getFirst().message())
                    .isEqualTo("is not allowed: no table is allowlisted for database_update");
        }
    }

    @Nested
    class SystemCommand {

        private final ActionCapabilities capabilities = new ActionCapabilities(Set.of(), Map.of(),
                Set.of("/bin/echo", "/usr/bin/printf", "/opt/a/run", "/opt/b/run"), Set.of("/srv/jobs"));

        @Test
        void an_allowlisted_absolute_path_or_its_unique_file_name_is_accepted() {
            assertThat(capabilities.executable("/bin/echo")).contains("/bin/echo");
            assertThat(capabilities.executable("printf")).contains("/usr/bin/printf");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/bin/sh", "sh", "run", "./echo", "bin/echo", "/bin/../bin/echo", "echo;", ""})
        void anything_else_names_no_executable(String command) {
            assertThat(capabilities.executable(command)).isEmpty();
        }

        @Test
        void a_command_outside_the_allowlist_is_refused_at_save() {
            RuleDefinition rule = secondAction("system_command", Json.object("command", "/bin/sh",
                    "args", Json.array("-c", "id")));

            ValidationException refused = rejectionOf(() -> capabilities.check(rule));

            assertThat(fields(refused)).containsExactly("actions[1].config.command");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/srv/jobs", "/srv/jobs/a/b", "/srv/jobs/./a"})
        void a_working_directory_inside_an_allowlisted_one_is_accepted(String directory) {
            assertThat(capabilities.allowsWorkingDirectory(directory)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/srv", "/srv/jobs-other", "/srv/jobs/../etc", "srv/jobs", "/"})
        void a_working_directory_elsewhere_is_refused(String directory) {
            RuleDefinition rule = secondAction("system_command", Json.object("command", "/bin/echo",
                    "working_directory", directory));

            assertThat(fields(rejectionOf(() -> capabilities.check(rule))))
                    .containsExactly("actions[1].config.working_directory");
        }
    }

    @Test
    void allowlists_of_the_configuration_must_be_absolute_and_named() {
        assertThatThrownBy(() -> new ActionCapabilities(Set.of(), Map.of(), Set.of("echo"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActionCapabilities(Set.of(), Map.of("", Set.of()), Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
