package io.ruleworks.domain.shared;

import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.rule.WebhookTrigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WireEnumTest {

    @Test
    void values_travel_as_lower_case_snake_case() {
        assertThat(TriggerType.CONDITION_BASED.wire()).isEqualTo("condition_based");
    }

    @Test
    void parsing_matches_the_wire_form_exactly() {
        assertThat(WireEnum.parse(TriggerType.class, "event_based")).contains(TriggerType.EVENT_BASED);
        assertThat(WireEnum.parse(TriggerType.class, "EVENT_BASED")).isEmpty();
        assertThat(WireEnum.parse(TriggerType.class, null)).isEmpty();
    }

    @Test
    void an_enum_may_choose_another_wire_form() {
        assertThat(WireEnum.parse(WebhookTrigger.HttpMethod.class, "PATCH")).contains(WebhookTrigger.HttpMethod.PATCH);
        assertThat(WireEnum.parse(WebhookTrigger.HttpMethod.class, "patch")).isEmpty();
    }

    @Test
    void values_lists_every_wire_form_in_declaration_order() {
        assertThat(WireEnum.values(SortOrder.class)).containsExactly("asc", "desc");
    }

    @Test
    void the_values_are_one_shared_set_that_no_caller_can_change() {
        assertThat(WireEnum.values(SortOrder.class)).isSameAs(WireEnum.values(SortOrder.class));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> WireEnum.values(SortOrder.class).add("sideways"));
        assertThat(WireEnum.values(SortOrder.class)).containsExactly("asc", "desc");
    }

    @Test
    void every_constant_is_found_by_its_own_wire_form() {
        for (TriggerType t : TriggerType.values()) {
            assertThat(WireEnum.parse(TriggerType.class, t.wire())).contains(t);
        }
        for (WebhookTrigger.HttpMethod m : WebhookTrigger.HttpMethod.values()) {
            assertThat(WireEnum.parse(WebhookTrigger.HttpMethod.class, m.wire())).contains(m);
        }
    }

    @Test
    void require_refuses_an_unknown_value() {
        assertThatIllegalArgumentException().isThrownBy(() -> WireEnum.require(SortOrder.class, "sideways"))
                .withMessage("unknown SortOrder: sideways");
    }
}
