package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.domain.fixtures.Rejections.rejectionOf;
import static io.ruleworks.domain.fixtures.RuleDrafts.aPatch;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutomationRuleTest {

    private final MutableClock clock = MutableClock.standing();
    private final TenantId tenant = TenantIds.random();

    private AutomationRule created() {
        return AutomationRule.create(RuleId.newId(), tenant, RuleDrafts.manualWebhookRule(), Optional.empty(), clock);
    }

    @Test
    void a_new_rule_is_stamped_created_and_updated_now_and_has_never_run() {
        RuleId id = RuleId.newId();
        UUID user = UUID.randomUUID();

        AutomationRule rule = AutomationRule.create(id, tenant, RuleDrafts.manualWebhookRule(), Optional.of(user), clock);

        assertThat(rule).extracting(AutomationRule::id, AutomationRule::tenant, AutomationRule::createdBy,
                        AutomationRule::createdAt, AutomationRule::updatedAt, AutomationRule::executionCount,
                        AutomationRule::lastExecuted)
                .containsExactly(id, tenant, Optional.of(user), clock.instant(), clock.instant(), 0L, Optional.empty());
    }

    @Test
    void a_new_rule_holds_the_validated_definition_of_its_draft() {
        AutomationRule rule = created();

        assertThat(rule.definition()).isEqualTo(RuleDefinition.from(RuleDrafts.manualWebhookRule()));
    }

    @Test
    void a_rule_cannot_be_created_from_an_invalid_draft() {
        assertThatThrownBy(() -> AutomationRule.create(RuleId.newId(), tenant, aRule().withoutName().build(),
                Optional.empty(), clock)).isInstanceOf(ValidationException.class);
    }

    @Test
    void a_new_rule_starts_as_a_draft_and_is_not_active() {
        assertThat(created().isActive()).isFalse();
    }

    @Test
    void a_revision_changes_the_fields_of_the_patch_and_keeps_the_rest() {
        AutomationRule rule = AutomationRule.create(RuleId.newId(), tenant,
                aRule().withTags("vip").withPriority("high").build(), Optional.empty(), clock);

        rule.revise(aPatch().withName("Renamed").build(), clock);

        assertThat(rule.definition()).isEqualTo(RuleDefinition.from(
                aRule().withName("Renamed").withTags("vip").withPriority("high").build()));
    }

    @Test
    void a_revision_is_stamped_with_the_clocks_time_and_keeps_the_creation_time() {
        AutomationRule rule = created();
        Instant createdAt = rule.createdAt();
        clock.advance(Duration.ofMinutes(5));

        rule.revise(aPatch().withDescription("now with a description").build(), clock);

        assertThat(rule.updatedAt()).isEqualTo(createdAt.plus(Duration.ofMinutes(5)));
        assertThat(rule.createdAt()).isEqualTo(createdAt);
    }

    @Test
    void a_revision_validates_the_merged_definition_not_just_the_patch() {
        AutomationRule rule = created();

        // The patch alone is fine, but the manual trigger's empty config does not suit an event trigger.
        ValidationException refused = rejectionOf(() -> rule.revise(aPatch().withTriggerType("event_based").build(), clock));

        assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("trigger_config.event_type");
    }

    @Test
    void a_refused_revision_leaves_the_rule_as_it_was() {
        AutomationRule rule = created();
        RuleDefinition before = rule.definition();
        Instant updatedBefore = rule.updatedAt();
        clock.advance(Duration.ofMinutes(5));

        rejectionOf(() -> rule.revise(aPatch().withActions().build(), clock));

        assertThat(rule.definition()).isEqualTo(before);
        assertThat(rule.updatedAt()).isEqualTo(updatedBefore);
    }

    @Test
    void a_revision_can_replace_trigger_type_and_config_together() {
        AutomationRule rule = created();

        rule.revise(aPatch().withTrigger("event_based", Json.object("event_type", "ticket.closed")).build(), clock);

        assertThat(rule.definition().triggerType()).isEqualTo(TriggerType.EVENT_BASED);
    }

    @Test
    void changing_the_status_stamps_the_rule() {
        AutomationRule rule = created();
        clock.advance(Duration.ofHours(1));

        rule.changeStatus(RuleStatus.ACTIVE, clock);

        assertThat(rule.isActive()).isTrue();
        assertThat(rule.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void setting_the_status_it_already_has_does_not_stamp_the_rule() {
        AutomationRule rule = created();
        Instant updatedBefore = rule.updatedAt();
        clock.advance(Duration.ofHours(1));

        rule.changeStatus(RuleStatus.DRAFT, clock);

        assertThat(rule.updatedAt()).isEqualTo(updatedBefore);
    }

    @Test
    void changing_the_status_keeps_the_rest_of_the_definition() {
        AutomationRule rule = created();
        RuleDefinition before = rule.definition();

        rule.changeStatus(RuleStatus.INACTIVE, clock);

        assertThat(rule.definition()).isEqualTo(before.withStatus(RuleStatus.INACTIVE));
    }

    @Test
    void a_reconstituted_rule_keeps_its_bookkeeping() {
        Instant lastRun = Instant.parse("2026-02-01T00:00:00Z");
        UUID user = UUID.randomUUID();

        AutomationRule rule = AutomationRules.aStoredRule().createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .updatedAt(Instant.parse("2026-01-15T00:00:00Z")).executedTimes(42).lastExecutedAt(lastRun)
                .createdBy(user).build();

        assertThat(rule).extracting(AutomationRule::createdAt, AutomationRule::updatedAt,
                        AutomationRule::executionCount, AutomationRule::lastExecuted, AutomationRule::createdBy)
                .containsExactly(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-15T00:00:00Z"), 42L,
                        Optional.of(lastRun), Optional.of(user));
    }
}
