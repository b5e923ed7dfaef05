package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** custom_script through the whole service: saved over HTTP, run in the sandbox, its result used by the next action. */
@MicronautTest(transactional = false)
class CustomScriptEngineTest extends EngineTestBase {

    private RecordingSink sink;

    @Override
    protected Map<String, String> settings() {
        return Map.of("ruleworks.script.processes", "1");
    }

    @BeforeAll
    void startSink() throws IOException {
        sink = new RecordingSink();
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    private EngineHttp.Answer saveRule(List<Map<String, Object>> actions) {
        return http.post(RULES, manualRule("script test", actions));
    }

    private static Map<String, Object> script(int order, String type, String content) {
        return Map.of("type", "custom_script", "order", order,
                "config", Map.of("script_type", type, "script_content", content));
    }

    private Map<String, Object> runToEnd(String rule, Map<String, Object> executionData) {
        String execution = started(rule, executionData);
        return await().atMost(Duration.ofSeconds(30)).until(() -> http.get(EXECUTIONS + "/" + execution).data(),
                data -> List.of("completed", "failed").contains(data.get("status")));
    }

    @Test
    void a_later_action_uses_what_the_script_computed_from_the_trigger_data() throws IOException {
        String path = "/script-total";
        EngineHttp.Answer saved = saveRule(List.of(
                script(1, "javascript", """
                        const lines = context.trigger.invoice.lines;
                        return { total: lines.reduce((sum, l) => sum + l.qty * l.price, 0),
                                 label: context.rule.name + ' ' + context.trigger.invoice.id };
                        """),
                Map.of("type", "webhook_call", "order", 2, "config", Map.of("url", sink.url(path),
                        "body", Map.of("total", "{{actions.1.result.total}}", "label", "{{actions.1.result.label}}")))));
        assertThat(saved.status()).as(String.valueOf(saved.body())).isEqualTo(201);

        Map<String, Object> done = runToEnd((String) saved.data().get("rule_id"), Map.of("invoice", Map.of("id", "INV-7",
                "lines", List.of(Map.of("qty", 2, "price", 15), Map.of("qty", 1, "price", 12)))));

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(sink.receivedOn(path)).singleElement()
                .satisfies(r -> assertThat(json.readValue(r.body(), Map.class))
                        .isEqualTo(Map.of("total", 42, "label", "script test INV-7")));
    }

    @Test
    void a_failing_script_fails_the_execution_with_its_message() {
        EngineHttp.Answer saved = saveRule(List.of(script(1, "javascript", "throw new RangeError('quota exceeded');")));

        Map<String, Object> done = runToEnd((String) saved.data().get("rule_id"), Map.of());

        assertThat(done.get("status")).isEqualTo("failed");
        assertThat(String.valueOf(done.get("error_message"))).contains("RangeError: quota exceeded");
    }

    @Test
    void a_bash_script_is_refused_when_the_rule_is_saved() {
        EngineHttp.Answer refused = saveRule(List.of(script(1, "bash", "rm -rf /")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).containsEntry("code", "VALIDATION_ERROR");
        assertThat(String.valueOf(refused.error().get("details"))).contains("actions[0].config.script_type")
                .contains("only javascript is supported; bash scripts cannot be sandboxed safely");
    }

    private static void assertRefusedAtScriptContent(EngineHttp.Answer answer) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "VALIDATION_ERROR");
        assertThat(String.valueOf(answer.error().get("details"))).contains("actions[0].config.script_content")
                .contains("must not use {{secret.*}}");
    }

    @Test
    void a_script_that_uses_a_secret_is_refused_on_create_update_and_template_use() {
        String leak = "return '{{secret.SINK_TOKEN}}'.split('').reverse().join('');";
        assertRefusedAtScriptContent(saveRule(List.of(script(1, "javascript", leak))));

        EngineHttp.Answer saved = saveRule(List.of(script(1, "javascript", "return 1;")));
        String rule = (String) saved.data().get("rule_id");
        assertRefusedAtScriptContent(http.put(RULES + "/" + rule, Map.of("name", "script test",
                "status", "active", "trigger_type", "manual", "trigger_config", Map.of(),
                "actions", List.of(script(1, "javascript", leak)))));

        EngineHttp.Answer template = http.post("/api/v1/automation/templates", Map.of("automation_rule_id", rule,
                "template_name", "script template", "category", "scripts", "template_variables", List.of(Map.of(
                        "variable_name", "code", "rule_field_path", "actions[0].config.script_content",
                        "display_name", "Code", "type", "string"))));
        assertThat(template.status()).as(String.valueOf(template.body())).isEqualTo(201);
        assertRefusedAtScriptContent(http.post("/api/v1/automation/templates/" + template.data().get("template_id")
                + "/use", Map.of("variables", Map.of("code", leak))));
    }
}
