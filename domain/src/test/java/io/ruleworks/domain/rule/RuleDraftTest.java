package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.RuleDrafts;
import org.junit.jupiter.api.Test;

import static io.ruleworks.domain.fixtures.RuleDrafts.aPatch;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class RuleDraftTest {

    @Test
    void an_overlay_takes_every_field_the_patch_carries() {
        RuleDraft base = aRule().withPriority("low").withTags("a").build();

        RuleDraft merged = base.overlay(aPatch().withPriority("high").withDescription("d").build());

        assertThat(merged).isEqualTo(aRule().withPriority("high").withTags("a").withDescription("d").build());
    }

    @Test
    void an_empty_patch_changes_nothing() {
        RuleDraft base = RuleDrafts.manualWebhookRule();

        assertThat(base.overlay(RuleDraft.empty())).isEqualTo(base);
    }

    @Test
    void a_draft_is_empty_only_when_it_carries_no_field() {
        assertThat(RuleDraft.empty().isEmpty()).isTrue();
        assertThat(aPatch().withIsTemplate(false).build().isEmpty()).isFalse();
    }
}
