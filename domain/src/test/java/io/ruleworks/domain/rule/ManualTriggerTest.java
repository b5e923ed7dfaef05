package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class ManualTriggerTest {

    @Test
    void a_manual_trigger_needs_no_settings() {
        RuleDefinition definition = RuleDefinition.from(aRule().withTrigger("manual", Json.object()).build());

        assertThat(definition.triggerConfig()).isEqualTo(new ManualTrigger());
    }

    @Test
    void a_manual_trigger_refuses_any_setting() {
        RuleDraft draft = aRule().withTrigger("manual", Json.object("cron_expression", "* * * * *")).build();

        assertThat(messageFor(draft, "trigger_config.cron_expression")).isEqualTo("is not a known field");
    }

    @Test
    void a_manual_trigger_is_stored_as_an_empty_object() {
        assertThat(new ManualTrigger().toMap()).isEmpty();
    }
}
