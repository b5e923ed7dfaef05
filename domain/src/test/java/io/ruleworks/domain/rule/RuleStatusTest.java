package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleStatusTest {

    private final MutableClock clock = MutableClock.standing();

    private static AutomationRule ruleIn(RuleStatus status) {
        return AutomationRules.aStoredRule().from(aRule().withStatus(status.wire())).build();
    }

    @ParameterizedTest
    @EnumSource(RuleStatus.class)
    void a_client_may_set_every_status_from_any_status_as_the_contract_offers(RuleStatus from) {
        assertThat(from.settableByClient()).isEqualTo(EnumSet.allOf(RuleStatus.class));
    }

    @Test
    void only_an_active_rule_can_fail_by_itself() {
        Set<RuleStatus> canFail = EnumSet.noneOf(RuleStatus.class);
        for (RuleStatus status : RuleStatus.values()) {
            if (status.canFail()) {
                canFail.add(status);
            }
        }

        assertThat(canFail).containsExactly(RuleStatus.ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(RuleStatus.class)
    void a_client_change_to_any_status_is_applied(RuleStatus to) {
        AutomationRule rule = ruleIn(RuleStatus.ERROR);

        rule.changeStatus(to, clock);

        assertThat(rule.definition().status()).isEqualTo(to);
    }

    @Test
    void an_active_rule_that_fails_goes_to_error_with_the_reason() {
        AutomationRule rule = ruleIn(RuleStatus.ACTIVE);

        rule.markFailing(Map.of("code", "SOURCE_FAILED"), clock);

        assertThat(rule.definition().status()).isEqualTo(RuleStatus.ERROR);
        assertThat(rule.definition().metadata()).containsKey(AutomationRule.LAST_ERROR);
    }

    @ParameterizedTest
    @EnumSource(value = RuleStatus.class, names = {"INACTIVE", "DRAFT", "ERROR"})
    void a_rule_that_does_not_run_cannot_be_marked_as_failing(RuleStatus status) {
        AutomationRule rule = ruleIn(status);
        RuleDefinition before = rule.definition();

        InvalidRuleStatusChangeException refused = catchThrowableOfType(InvalidRuleStatusChangeException.class,
                () -> rule.markFailing(Map.of("code", "SOURCE_FAILED"), clock));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(InvalidRuleStatusChangeException.CODE);
        assertThat(refused.details()).containsEntry("current_status", status.wire())
                .containsEntry("requested_status", "error");
        assertThat(rule.definition()).isEqualTo(before);
    }
}
