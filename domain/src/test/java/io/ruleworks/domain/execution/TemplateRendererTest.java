package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    /** A context shaped as the engine builds it. */
    private static Map<String, Object> context() {
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("id", 42);
        ticket.put("title", "Printer <b>on</b> fire & \"smoking\"");
        ticket.put("priority_id", 3);
        ticket.put("urgent", true);
        ticket.put("estimate", new BigDecimal("1.50"));
        ticket.put("tags", List.of("hardware", "urgent"));
        ticket.put("assignee", null);
        ticket.put("contact", Map.of("name", "Ada"));
        ticket.put("items", List.of(Map.of("name", "toner", "qty", 2), Map.of("name", "drum", "qty", 1)));
        return Map.of(
                "trigger", Map.of("ticket", ticket),
                "actions", Map.of("1", Map.of("status", "completed", "result", Map.of("ticket_id", "T-9"))),
                "execution", Map.of("id", "exec-1", "rule_id", "rule-1", "tenant", "acme"),
                "rule", Map.of("id", "rule-1", "name", "Escalate fires"));
    }

    private Object renderOne(Object template) {
        return render(template).config().get("value");
    }

    private RenderResult render(Object template) {
        Map<String, Object> config = new HashMap<>();
        config.put("value", template);
        return renderer.render(config, context());
    }

    @Nested
    class Text {

        @Test
        void dotted_paths_reach_into_every_part_of_the_context() {
            assertThat(renderOne("Ticket {{trigger.ticket.id}} by {{trigger.ticket.contact.name}}"))
                    .isEqualTo("Ticket 42 by Ada");
            assertThat(renderOne("{{rule.name}} / {{execution.tenant}} / {{execution.rule_id}}"))
                    .isEqualTo("Escalate fires / acme / rule-1");
        }

        @Test
        void an_earlier_action_result_is_reached_by_its_order() {
            assertThat(renderOne("Created {{actions.1.result.ticket_id}} ({{actions.1.status}})"))
                    .isEqualTo("Created T-9 (completed)");
        }

        @Test
        void a_numeric_segment_indexes_a_list() {
            assertThat(renderOne("first tag: {{trigger.ticket.tags.0}}, item: {{trigger.ticket.items.1.name}}"))
                    .isEqualTo("first tag: hardware, item: drum");
        }

        @Test
        void nothing_is_html_escaped() {
            assertThat(renderOne("Title: {{trigger.ticket.title}}")).isEqualTo("Title: Printer <b>on</b> fire & \"smoking\"");
            assertThat(renderOne("<b>&\" {{rule.id}}")).isEqualTo("<b>&\" rule-1");
        }

        @Test
        void numbers_and_booleans_render_as_written() {
            assertThat(renderOne("{{trigger.ticket.estimate}} {{trigger.ticket.urgent}}")).isEqualTo("1.50 true");
        }

        @Test
        void a_list_or_map_inside_text_renders_as_json() {
            assertThat(renderOne("tags={{trigger.ticket.tags}}")).isEqualTo("tags=[\"hardware\",\"urgent\"]");
            assertThat(renderOne("contact={{trigger.ticket.contact}}")).isEqualTo("contact={\"name\":\"Ada\"}");
        }

        @Test
        void json_inside_text_escapes_strings() {
            Map<String, Object> context = Map.of("trigger", Map.of("note", Map.of("text", "say \"hi\"\n\\")));
            RenderResult result = renderer.render(Map.of("body", "x {{trigger.note}}"), context);
            assertThat(result.config().get("body")).isEqualTo("x {\"text\":\"say \\\"hi\\\"\\n\\\\\"}");
        }

        @Test
        void a_section_repeats_over_a_list() {
            assertThat(renderOne("{{#trigger.ticket.tags}}[{{.}}]{{/trigger.ticket.tags}}")).isEqualTo("[hardware][urgent]");
            assertThat(renderOne("{{#trigger.ticket.items}}{{name}} x{{qty}};{{/trigger.ticket.items}}"))
                    .isEqualTo("toner x2;drum x1;");
        }

        @Test
        void inside_a_section_outer_names_remain_reachable() {
            assertThat(renderOne("{{#trigger.ticket.items}}{{name}}@{{rule.id}} {{/trigger.ticket.items}}"))
                    .isEqualTo("toner@rule-1 drum@rule-1 ");
        }

        @Test
        void a_null_list_element_renders_empty_in_a_section() {
            Map<String, Object> context = Map.of("trigger", Map.of("tags", Arrays.asList("a", null, "c")));
            RenderResult result = renderer.render(Map.of("body", "{{#trigger.tags}}[{{.}}]{{/trigger.tags}}"), context);
            assertThat(result.config().get("body")).isEqualTo("[a][][c]");
            assertThat(result.missingVariables()).isEmpty();
        }

        @Test
        void an_inverted_section_renders_when_the_value_is_empty_or_missing() {
            assertThat(renderOne("{{^trigger.ticket.nope}}none{{/trigger.ticket.nope}}")).isEqualTo("none");
            assertThat(renderOne("{{^trigger.ticket.tags}}none{{/trigger.ticket.tags}}")).isEqualTo("");
        }

        @Test
        void values_from_the_context_are_not_rendered_again() {
            Map<String, Object> context = Map.of("trigger", Map.of("subject", "{{rule.secret}}"), "rule", Map.of("secret", "s3"));
            RenderResult result = renderer.render(Map.of("a", "x {{trigger.subject}}", "b", "{{trigger.subject}}"), context);
            assertThat(result.config()).containsEntry("a", "x {{rule.secret}}").containsEntry("b", "{{rule.secret}}");
        }

        @Test
        void no_java_method_or_field_of_a_context_value_is_reachable() {
            RenderResult result = render("{{trigger.ticket.title.length}}|{{trigger.ticket.title.class}}|{{trigger.ticket.tags.size}}");
            assertThat(result.config().get("value")).isEqualTo("||");
            assertThat(result.missingVariables()).containsExactly("trigger.ticket.title.length",
                    "trigger.ticket.title.class", "trigger.ticket.tags.size");
        }

        @Test
        void map_internals_are_not_reachable() {
            RenderResult result = render("{{trigger.ticket.contact.entrySet}}");
            assertThat(result.config().get("value")).isEqualTo("");
            assertThat(result.missingVariables()).containsExactly("trigger.ticket.contact.entrySet");
        }

        @Test
        void comments_and_delimiter_changes_work_as_in_mustache() {
            assertThat(renderOne("{{! internal note }}id={{rule.id}}")).isEqualTo("id=rule-1");
            assertThat(renderOne("{{=<% %>=}}<%rule.id%> {{literal}}")).isEqualTo("rule-1 {{literal}}");
        }

        @Test
        void a_delimiter_change_stays_within_its_string() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("a", "{{=<% %>=}}<%rule.id%>");
            config.put("b", "{{rule.id}} <%rule.id%>");
            RenderResult result = renderer.render(config, context());
            assertThat(result.config()).containsEntry("a", "rule-1").containsEntry("b", "rule-1 <%rule.id%>");
        }
    }

    @Nested
    class Single_tag {

        @Test
        void keeps_a_number_a_number() {
            assertThat(renderOne("{{trigger.ticket.priority_id}}")).isEqualTo(3);
            assertThat(renderOne("{{trigger.ticket.estimate}}")).isEqualTo(new BigDecimal("1.50"));
        }

        @Test
        void allows_whitespace_inside_the_braces_and_the_unescaped_forms() {
            assertThat(renderOne("{{ trigger.ticket.priority_id }}")).isEqualTo(3);
            assertThat(renderOne("{{{trigger.ticket.priority_id}}}")).isEqualTo(3);
            assertThat(renderOne("{{& trigger.ticket.priority_id}}")).isEqualTo(3);
        }

        @Test
        void keeps_booleans_maps_and_lists() {
            assertThat(renderOne("{{trigger.ticket.urgent}}")).isEqualTo(true);
            assertThat(renderOne("{{trigger.ticket.contact}}")).isEqualTo(Map.of("name", "Ada"));
            assertThat(renderOne("{{trigger.ticket.tags}}")).isEqualTo(List.of("hardware", "urgent"));
            assertThat(renderOne("{{actions.1.result}}")).isEqualTo(Map.of("ticket_id", "T-9"));
        }

        @Test
        void keeps_a_string_as_is() {
            assertThat(renderOne("{{trigger.ticket.title}}")).isEqualTo("Printer <b>on</b> fire & \"smoking\"");
        }

        @Test
        void keeps_an_explicit_null_without_calling_it_missing() {
            RenderResult result = render("{{trigger.ticket.assignee}}");
            assertThat(result.config()).containsEntry("value", null);
            assertThat(result.missingVariables()).isEmpty();
        }

        @Test
        void renders_a_missing_variable_as_empty_string_and_lists_it() {
            RenderResult result = render("{{trigger.ticket.nope}}");
            assertThat(result.config()).containsEntry("value", "");
            assertThat(result.missingVariables()).containsExactly("trigger.ticket.nope");
        }

        @Test
        void text_around_the_tag_makes_it_text() {
            assertThat(renderOne(" {{trigger.ticket.priority_id}}")).isEqualTo(" 3");
            assertThat(renderOne("{{trigger.ticket.priority_id}}{{trigger.ticket.id}}")).isEqualTo("342");
        }

        @Test
        @SuppressWarnings("unchecked")
        void a_brought_in_value_is_an_unmodifiable_copy() {
            List<Object> tags = new ArrayList<>(List.of("a"));
            Map<String, Object> context = Map.of("trigger", Map.of("tags", tags));
            RenderResult result = renderer.render(Map.of("tags", "{{trigger.tags}}"), context);
            tags.add("b");
            assertThat(result.config().get("tags")).isEqualTo(List.of("a"));
            assertThatThrownBy(() -> ((List<Object>) result.config().get("tags")).add("c"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Config_walk {

        @Test
        void renders_strings_at_every_depth_and_keeps_other_values() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("to", List.of("{{trigger.ticket.contact.name}}@example.com", "ops@example.com"));
            config.put("body", Map.of("lines", List.of(Map.of("text", "#{{trigger.ticket.id}}"))));
            config.put("retries", 3);
            config.put("enabled", false);
            config.put("nothing", null);
            config.put("{{rule.id}}", "keys are not rendered");

            RenderResult result = renderer.render(config, context());

            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("to", List.of("Ada@example.com", "ops@example.com"));
            expected.put("body", Map.of("lines", List.of(Map.of("text", "#42"))));
            expected.put("retries", 3);
            expected.put("enabled", false);
            expected.put("nothing", null);
            expected.put("{{rule.id}}", "keys are not rendered");
            assertThat(result.config()).isEqualTo(expected);
            assertThat(result.complete()).isTrue();
        }

        @Test
        void the_rendered_config_is_unmodifiable() {
            RenderResult result = renderer.render(Map.of("a", Map.of("b", "c")), context());
            assertThatThrownBy(() -> result.config().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Missing_variables {

        @Test
        void render_as_empty_and_are_listed_once_in_order_of_appearance() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("subject", "[{{trigger.ticket.severity}}] {{trigger.ticket.title}}");
            config.put("body", "{{actions.2.result.id}} {{trigger.ticket.severity}} {{nope}}");
            RenderResult result = renderer.render(config, context());
            assertThat(result.config().get("subject")).isEqualTo("[] Printer <b>on</b> fire & \"smoking\"");
            assertThat(result.config().get("body")).isEqualTo("  ");
            assertThat(result.missingVariables()).containsExactly("trigger.ticket.severity", "actions.2.result.id", "nope");
            assertThat(result.complete()).isFalse();
        }

        @Test
        void an_explicit_null_renders_empty_but_is_not_missing() {
            RenderResult result = render("assignee: {{trigger.ticket.assignee}}");
            assertThat(result.config().get("value")).isEqualTo("assignee: ");
            assertThat(result.missingVariables()).isEmpty();
        }

        @Test
        void a_path_through_a_null_is_null_not_missing() {
            RenderResult result = render("{{trigger.ticket.assignee.name}}!");
            assertThat(result.config().get("value")).isEqualTo("!");
            assertThat(result.missingVariables()).isEmpty();
        }

        @Test
        void an_index_past_the_end_of_a_list_is_missing() {
            RenderResult result = render("{{trigger.ticket.tags.5}}!");
            assertThat(result.missingVariables()).containsExactly("trigger.ticket.tags.5");
        }

        @Test
        void a_section_over_a_missing_name_is_skipped_without_being_listed() {
            RenderResult result = render("a{{#trigger.ticket.watchers}}{{name}}{{/trigger.ticket.watchers}}b");
            assertThat(result.config().get("value")).isEqualTo("ab");
            assertThat(result.missingVariables()).isEmpty();
        }

        @Test
        void a_missing_name_inside_a_section_is_listed_as_written() {
            RenderResult result = render("{{#trigger.ticket.items}}{{sku}};{{/trigger.ticket.items}}");
            assertThat(result.config().get("value")).isEqualTo(";;");
            assertThat(result.missingVariables()).containsExactly("sku");
        }

        @Test
        void a_found_value_after_a_missing_one_is_not_listed() {
            RenderResult result = render("{{nope}}{{trigger.ticket.assignee}}{{#trigger.ticket.tags}}{{.}}{{/trigger.ticket.tags}}");
            assertThat(result.missingVariables()).containsExactly("nope");
        }
    }

    @Nested
    class Limits_and_errors {

        private FieldViolation violationOf(Runnable render) {
            ValidationException e = catchThrowableOfType(ValidationException.class, render::run);
            assertThat(e).as("a ValidationException").isNotNull();
            assertThat(e.violations()).hasSize(1);
            return e.violations().getFirst();
        }

        @Test
        void a_string_over_the_template_limit_is_rejected_with_its_path() {
            String tooLong = "x".repeat(TemplateRenderer.MAX_TEMPLATE_LENGTH + 1);
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", List.of("ok", tooLong)), context()));
            assertThat(v.field()).isEqualTo("config.body[1]");
            assertThat(v.message()).contains("longer than 100000 characters");
        }

        @Test
        void a_string_at_the_template_limit_is_rendered() {
            String atLimit = "{{rule.id}}" + "x".repeat(TemplateRenderer.MAX_TEMPLATE_LENGTH - 11);
            RenderResult result = renderer.render(Map.of("body", atLimit), context());
            assertThat((String) result.config().get("body")).startsWith("rule-1x").hasSize(TemplateRenderer.MAX_TEMPLATE_LENGTH - 5);
        }

        @Test
        void a_config_nested_deeper_than_the_limit_is_rejected_with_its_path() {
            FieldViolation v = violationOf(() -> renderer.render(nested(TemplateRenderer.MAX_DEPTH + 1), context()));
            assertThat(v.field()).isEqualTo("config" + ".n".repeat(TemplateRenderer.MAX_DEPTH));
            assertThat(v.message()).isEqualTo("nests deeper than 32 levels");
        }

        @Test
        void a_config_nested_to_the_limit_is_rendered() {
            RenderResult result = renderer.render(nested(TemplateRenderer.MAX_DEPTH), context());
            assertThat(result.config()).isEqualTo(nested(TemplateRenderer.MAX_DEPTH));
        }

        @Test
        void a_single_tag_bringing_in_too_deep_a_value_is_rejected() {
            Map<String, Object> context = Map.of("trigger", nested(TemplateRenderer.MAX_DEPTH));
            FieldViolation v = violationOf(() -> renderer.render(Map.of("a", Map.of("b", "{{trigger}}")), context));
            assertThat(v.field()).startsWith("config.a.b.n");
            assertThat(v.message()).isEqualTo("nests deeper than 32 levels");
        }

        @Test
        void too_deep_a_value_inside_text_is_rejected() {
            Map<String, Object> context = Map.of("trigger", nested(TemplateRenderer.MAX_DEPTH + 1));
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", "x {{trigger}}"), context));
            assertThat(v.field()).isEqualTo("config.body");
            assertThat(v.message()).contains("nested deeper than 32 levels");
        }

        @Test
        void an_invalid_template_is_rejected_with_its_path() {
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", "{{#open}} never closed"), context()));
            assertThat(v.field()).isEqualTo("config.body");
            assertThat(v.message()).startsWith("is not a valid template");
        }

        @Test
        void an_empty_tag_is_an_invalid_template() {
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", "a {{}} b"), context()));
            assertThat(v.field()).isEqualTo("config.body");
            assertThat(v.message()).startsWith("is not a valid template");
        }

        @Test
        void partials_are_rejected() {
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", "{{> header}}"), context()));
            assertThat(v.message()).contains("partial");
        }

        @Test
        void the_caller_names_the_root_path() {
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", "{{/x}}"), context(), "actions[2].config"));
            assertThat(v.field()).isEqualTo("actions[2].config.body");
        }

        @Test
        void nested_sections_that_multiply_stop_at_the_iteration_budget() {
            List<Integer> hundred = IntStream.range(0, 100).boxed().toList();
            Map<String, Object> context = Map.of("l", hundred);
            String template = "{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}"; // 10^8 repetitions, no output
            FieldViolation v = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> violationOf(() -> renderer.render(Map.of("body", template), context)));
            assertThat(v.message()).contains("repeats template sections more than 100000 times");
        }

        @Test
        void output_beyond_the_budget_is_rejected() {
            List<Integer> thousand = IntStream.range(0, 1_000).boxed().toList();
            Map<String, Object> context = Map.of("l", thousand);
            String template = "{{#l}}" + "x".repeat(1_001) + "{{/l}}";
            FieldViolation v = violationOf(() -> renderer.render(Map.of("body", template), context));
            assertThat(v.message()).contains("renders more than 1000000 characters");
        }

        @Test
        void the_output_budget_spans_the_whole_config() {
            List<Integer> thousand = IntStream.range(0, 1_000).boxed().toList();
            Map<String, Object> context = Map.of("l", thousand);
            String template = "{{#l}}" + "x".repeat(600) + "{{/l}}"; // 600,000 characters each
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("a", template);
            config.put("b", template);
            FieldViolation v = violationOf(() -> renderer.render(config, context));
            assertThat(v.field()).isEqualTo("config.b");
        }
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> map = Map.of("leaf", "x");
        for (int i = 1; i < depth; i++) {
            map = Map.of("n", map);
        }
        return map;
    }

    @Nested
    class Secrets {

        private final Map<String, Object> context = Map.of("trigger", Map.of("id", 7),
                "secret", Map.of("PSA_TOKEN", "tok-1", "SMTP_PASSWORD", "pw-2"));

        private RenderResult renderWithSecrets(String template) {
            return renderer.render(Map.of("value", template), context);
        }

        @Test
        void a_secret_is_rendered_by_name() {
            assertThat(renderWithSecrets("Bearer {{secret.PSA_TOKEN}}").config()).containsEntry("value", "Bearer tok-1");
            assertThat(renderWithSecrets("{{secret.PSA_TOKEN}}").config()).containsEntry("value", "tok-1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{{secret}}", "all: {{secret}}", "{{{secret}}}", "{{#secret}}{{.}}{{/secret}}"})
        void the_secret_map_as_a_whole_renders_as_nothing_and_is_missing(String template) {
            RenderResult result = renderWithSecrets(template);

            assertThat(String.valueOf(result.config())).doesNotContain("PSA_TOKEN", "SMTP_PASSWORD", "tok-1", "pw-2");
            assertThat(result.missingVariables()).containsExactly("secret");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{{.}}", "root: {{.}}"})
        void the_whole_context_leaves_the_secrets_out(String template) {
            RenderResult result = renderWithSecrets(template);

            assertThat(String.valueOf(result.config())).contains("trigger")
                    .doesNotContain("PSA_TOKEN", "SMTP_PASSWORD", "tok-1", "pw-2");
        }

        @Test
        void an_unknown_secret_is_missing_by_its_name() {
            assertThat(renderWithSecrets("{{secret.NOPE}}").missingVariables()).containsExactly("secret.NOPE");
        }
    }
}
