package io.ruleworks.domain.shared;

import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.rule.WebhookTrigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
    void require_refuses_an_unknown_value() {
        assertThatIllegalArgumentException().isThrownBy(() -> WireEnum.require(SortOrder.class, "sideways"))
                .withMessage("unknown SortOrder: sideways");
    }
}
