package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionRunnersTest {

    private record Runner(ActionType type) implements ActionRunner {
        @Override
        public Map<String, Object> run(Invocation invocation) {
            return Map.of();
        }
    }

    private final Runner webhook = new Runner(ActionType.WEBHOOK_CALL);
    private final Runner email = new Runner(ActionType.EMAIL_NOTIFICATION);

    @Test
    void each_runner_is_found_by_its_type() {
        ActionRunners runners = ActionRunners.of(webhook, email);

        assertThat(runners.has(ActionType.WEBHOOK_CALL)).isTrue();
        assertThat(runners.get(ActionType.WEBHOOK_CALL)).isSameAs(webhook);
        assertThat(runners.get(ActionType.EMAIL_NOTIFICATION)).isSameAs(email);
    }

    @Test
    void a_type_without_a_runner_is_unavailable() {
        ActionRunners runners = ActionRunners.of(webhook);

        assertThat(runners.has(ActionType.SMS_NOTIFICATION)).isFalse();
        assertThatThrownBy(() -> runners.get(ActionType.SMS_NOTIFICATION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sms_notification");
        assertThat(ActionRunners.unavailable("no sms here").code()).isEqualTo("ACTION_TYPE_UNAVAILABLE");
        assertThat(ActionRunners.unavailable("no sms here").retryable()).isFalse();
    }

    @Test
    void two_runners_for_one_type_are_a_wiring_mistake() {
        assertThatThrownBy(() -> ActionRunners.of(webhook, new Runner(ActionType.WEBHOOK_CALL)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two action runners for webhook_call");
    }
}
