package io.ruleworks.application.service.rule;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.Hooks;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryHookStore;
import io.ruleworks.application.port.in.rule.CreateRuleUseCase.CreateRuleCommand;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase.UpdateRuleCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.Capabilities;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.ActionTypeDisabledException;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.ConflictException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.domain.fixtures.RuleDrafts.aPatch;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleFilters.aFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleServiceTest {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final InMemoryHookStore hooks = new InMemoryHookStore();
    private final RuleService service = new RuleService(rules, executions, transactions, clock,
            Capabilities.standard(), Hooks.service(hooks, rules, executions, clock));

    private final TenantId tenant = TenantIds.random();
    private final Caller caller = Callers.withAll(tenant);
    private final Caller stranger = Callers.withAll(TenantIds.random());

    private AutomationRule storedRule() {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant)
                .from(aRule().withTags("vip").withPriority("high")).createdAt(clock.instant()).build();
        rules.containing(rule);
        return rule;
    }

    /** Asserts that the use case was refused for lacking {@code permission} before any port was used. */
    private void assertDeniedUntouched(Permission permission, Executable useCase) {
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, useCase);

        assertThat(denied.details()).isEqualTo(Map.of("required_permission", permission.wire()));
        assertThat(rules.calls()).isEmpty();
        assertThat(executions.calls()).isEmpty();
        assertThat(transactions.begun()).isZero();
    }

    @Nested
    class Create {

        @Test
        void creating_needs_the_create_permission_and_touches_nothing_without_it() {
            Caller withoutCreate = Callers.withAllBut(tenant, Permission.CREATE);

            assertDeniedUntouched(Permission.CREATE, () -> service.create(
                    new CreateRuleCommand(withoutCreate, RuleDrafts.manualWebhookRule())));
        }

        @Test
        void a_created_rule_is_stored_for_the_callers_tenant() {
            RuleDetails created = service.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

            assertThat(rules.stored(tenant, created.id())).hasValueSatisfying(stored ->
                    assertThat(stored.definition()).isEqualTo(RuleDefinition.from(RuleDrafts.manualWebhookRule())));
        }

        @Test
        void a_created_rule_is_returned_with_its_defaults_and_timestamps() {
            RuleDetails created = service.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

            assertThat(created).extracting(RuleDetails::tenant, RuleDetails::definition, RuleDetails::createdAt,
                            RuleDetails::updatedAt, RuleDetails::executionCount, RuleDetails::statistics)
                    .containsExactly(tenant, RuleDefinition.from(RuleDrafts.manualWebhookRule()), clock.instant(),
                            clock.instant(), 0L, Optional.empty());
        }

        @Test
        void the_creator_is_the_user_behind_the_callers_key() {
            UUID user = UUID.randomUUID();

            RuleDetails created = service.create(new CreateRuleCommand(Callers.userWithAll(tenant, user),
                    RuleDrafts.manualWebhookRule()));

            assertThat(created.createdBy()).contains(user);
        }

        @Test
        void each_rule_gets_its_own_id() {
            RuleDetails first = service.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));
            RuleDetails second = service.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

            assertThat(first.id()).isNotEqualTo(second.id());
            assertThat(rules.size()).isEqualTo(2);
        }

        @Test
        void a_rule_with_a_disabled_action_type_is_refused_with_the_path_of_the_type_and_nothing_is_stored() {
            RuleDraft draft = aRule().withActions(RuleDrafts.webhookCallAction(1),
                    RuleDrafts.action("system_command", Json.object("command", "/bin/echo"), 2)).build();

            ActionTypeDisabledException refused = assertThrows(ActionTypeDisabledException.class,
                    () -> service.create(new CreateRuleCommand(caller, draft)));

            assertThat(refused.code()).isEqualTo("ACTION_TYPE_DISABLED");
            assertThat(refused.details()).containsEntry("field", "actions[1].type");
            assertThat(rules.size()).isZero();
        }

        @Test
        void a_database_update_of_a_table_outside_the_allowlist_is_refused_and_nothing_is_stored() {
            RuleDraft draft = aRule().withActions(RuleDrafts.action("database_update", Json.object("table", "users",
                    "operation", "delete", "conditions", Json.object("id", 1)), 1)).build();

            ValidationException refused = assertThrows(ValidationException.class,
                    () -> service.create(new CreateRuleCommand(caller, draft)));

            assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("actions[0].config.table");
            assertThat(rules.size()).isZero();
        }

        @Test
        void an_invalid_draft_is_refused_and_nothing_is_stored() {
            assertThrows(ValidationException.class, () -> service.create(
                    new CreateRuleCommand(caller, aRule().withoutName().build())));

            assertThat(rules.size()).isZero();
        }
    }

    @Nested
    class Get {

        @Test
        void reading_needs_the_read_permission_and_touches_nothing_without_it() {
            AutomationRule rule = storedRule();

            assertDeniedUntouched(Permission.READ, () -> service.get(Callers.withAllBut(tenant, Permission.READ),
                    rule.id()));
        }

        @Test
        void a_rule_is_returned_with_its_execution_statistics() {
            AutomationRule rule = storedRule();
            ExecutionStatistics statistics = new ExecutionStatistics(10, 7, 2, 1, Optional.of(812.5),
                    Optional.of(Instant.parse("2026-03-01T12:00:00Z")));
            executions.setStatistics(tenant, rule.id(), statistics);

            RuleDetails details = service.get(caller, rule.id());

            assertThat(details.definition()).isEqualTo(rule.definition());
            assertThat(details.statistics()).contains(statistics);
        }

        @Test
        void a_rule_that_never_ran_has_empty_statistics() {
            AutomationRule rule = storedRule();

            assertThat(service.get(caller, rule.id()).statistics()).contains(ExecutionStatistics.NONE);
        }

        @Test
        void a_missing_rule_is_not_found() {
            RuleId missing = RuleId.newId();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.get(caller, missing));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_rule", "id", missing.toString()));
        }

        @Test
        void another_tenants_rule_is_not_found_exactly_like_a_missing_one() {
            AutomationRule rule = storedRule();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.get(stranger, rule.id()));

            assertThat(notFound).hasMessage("automation_rule not found");
            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_rule", "id", rule.id().toString()));
            assertThat(executions.calls()).isEmpty();
        }
    }

    @Nested
    class Update {

        @Test
        void updating_needs_the_update_permission_and_touches_nothing_without_it() {
            AutomationRule rule = storedRule();

            assertDeniedUntouched(Permission.UPDATE, () -> service.update(new UpdateRuleCommand(
                    Callers.withAllBut(tenant, Permission.UPDATE), rule.id(), aPatch().withName("x").build())));
        }

        @Test
        void an_update_changes_only_the_fields_it_carries() {
            AutomationRule rule = storedRule();

            RuleDetails updated = service.update(new UpdateRuleCommand(caller, rule.id(),
                    aPatch().withName("Renamed").build()));

            assertThat(updated.definition()).isEqualTo(RuleDefinition.from(
                    aRule().withName("Renamed").withTags("vip").withPriority("high").build()));
        }

        @Test
        void an_update_is_stored() {
            AutomationRule rule = storedRule();

            service.update(new UpdateRuleCommand(caller, rule.id(), aPatch().withPriority("low").build()));

            assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition().priority()).isEqualTo(Priority.LOW);
        }

        @Test
        void an_update_is_stamped_with_the_clocks_time_and_keeps_the_creation_time() {
            AutomationRule rule = storedRule();
            clock.advance(Duration.ofMinutes(30));

            RuleDetails updated = service.update(new UpdateRuleCommand(caller, rule.id(),
                    aPatch().withDescription("d").build()));

            assertThat(updated.updatedAt()).isEqualTo(clock.instant());
            assertThat(updated.createdAt()).isEqualTo(rule.createdAt());
        }

        @Test
        void an_update_that_makes_the_merged_rule_invalid_is_refused_and_nothing_changes() {
            AutomationRule rule = storedRule();

            ValidationException refused = assertThrows(ValidationException.class, () -> service.update(
                    new UpdateRuleCommand(caller, rule.id(), aPatch().withTriggerType("condition_based").build())));

            assertThat(refused.violations()).extracting(v -> v.field()).containsExactly(
                    "trigger_config.check_interval_minutes", "trigger_config.conditions");
            assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition()).isEqualTo(rule.definition());
            assertThat(rules.calls()).doesNotContain("update");
        }

        @Test
        void an_update_bringing_a_disabled_action_type_is_refused_and_nothing_changes() {
            AutomationRule rule = storedRule();

            assertThrows(ActionTypeDisabledException.class, () -> service.update(new UpdateRuleCommand(caller, rule.id(),
                    aPatch().withActions(RuleDrafts.action("system_command", Json.object("command", "/bin/echo"), 1))
                            .build())));

            assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition()).isEqualTo(rule.definition());
            assertThat(rules.calls()).doesNotContain("update");
        }

        @Test
        void a_rule_whose_stored_action_type_was_disabled_later_can_still_be_deactivated() {
            AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).from(aRule().withStatus("active")
                    .withActions(RuleDrafts.action("system_command", Json.object("command", "/bin/echo"), 1))).build();
            rules.containing(rule);

            RuleDetails updated = service.update(new UpdateRuleCommand(caller, rule.id(),
                    aPatch().withStatus("inactive").build()));

            assertThat(updated.definition().status()).isEqualTo(RuleStatus.INACTIVE);
        }

        @Test
        void an_update_locks_the_rule_it_reads_inside_one_transaction() {
            AutomationRule rule = storedRule();

            service.update(new UpdateRuleCommand(caller, rule.id(), aPatch().withName("x").build()));

            assertThat(rules.calls()).containsExactly("findByIdForUpdate", "update");
            assertThat(transactions.begun()).isEqualTo(1);
        }

        @Test
        void another_tenants_rule_cannot_be_updated_and_stays_as_it_was() {
            AutomationRule rule = storedRule();

            assertThrows(NotFoundException.class, () -> service.update(
                    new UpdateRuleCommand(stranger, rule.id(), aPatch().withName("Hijacked").build())));

            assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition().name()).isEqualTo(rule.definition().name());
        }
    }

    @Nested
    class Delete {

        @Test
        void deleting_needs_the_delete_permission_and_touches_nothing_without_it() {
            AutomationRule rule = storedRule();

            assertDeniedUntouched(Permission.DELETE, () -> service.delete(Callers.withAllBut(tenant, Permission.DELETE),
                    rule.id()));
        }

        @Test
        void a_rule_without_executions_in_flight_is_deleted() {
            AutomationRule rule = storedRule();

            service.delete(caller, rule.id());

            assertThat(rules.stored(tenant, rule.id())).isEmpty();
        }

        @Test
        void a_rule_with_executions_in_flight_is_not_deleted() {
            AutomationRule rule = storedRule();
            executions.setInFlight(tenant, rule.id(), true);

            ConflictException conflict = catchThrowableOfType(ConflictException.class,
                    () -> service.delete(caller, rule.id()));

            assertThat(conflict.code()).isEqualTo("RULE_HAS_ACTIVE_EXECUTIONS");
            assertThat(conflict.details()).isEqualTo(Map.of("rule_id", rule.id().toString()));
            assertThat(rules.stored(tenant, rule.id())).isPresent();
        }

        @Test
        void a_rule_can_be_deleted_once_its_executions_have_finished() {
            AutomationRule rule = storedRule();
            executions.setInFlight(tenant, rule.id(), true);
            catchThrowableOfType(ConflictException.class, () -> service.delete(caller, rule.id()));
            executions.setInFlight(tenant, rule.id(), false);

            service.delete(caller, rule.id());

            assertThat(rules.stored(tenant, rule.id())).isEmpty();
        }

        @Test
        void a_delete_locks_the_rule_before_checking_its_executions() {
            AutomationRule rule = storedRule();

            service.delete(caller, rule.id());

            assertThat(rules.calls()).containsExactly("findByIdForUpdate", "delete");
            assertThat(executions.calls()).containsExactly("hasInFlightExecutions");
            assertThat(transactions.begun()).isEqualTo(1);
        }

        @Test
        void another_tenants_rule_cannot_be_deleted() {
            AutomationRule rule = storedRule();

            assertThrows(NotFoundException.class, () -> service.delete(stranger, rule.id()));

            assertThat(rules.stored(tenant, rule.id())).isPresent();
        }

        @Test
        void deleting_a_missing_rule_is_not_found() {
            assertThrows(NotFoundException.class, () -> service.delete(caller, RuleId.newId()));
        }
    }

    @Nested
    class ListRules {

        private final PageRequest page = new PageRequest(2, 10);
        private final RuleFilter filter = aFilter().searching("vip").sortedBy(RuleSortField.NAME, SortOrder.ASC).build();

        @Test
        void listing_needs_the_read_permission_and_touches_nothing_without_it() {
            storedRule();

            assertDeniedUntouched(Permission.READ, () -> service.list(Callers.withAllBut(tenant, Permission.READ),
                    filter, page));
        }

        @Test
        void the_callers_tenant_filter_and_page_reach_the_repository_unchanged() {
            service.list(caller, filter, page);

            assertThat(rules.lastListQuery()).contains(
                    new InMemoryAutomationRuleRepository.ListQuery(tenant, filter, page));
        }

        @Test
        void only_the_callers_rules_are_listed_without_statistics() {
            AutomationRule own = storedRule();
            rules.containing(AutomationRules.aStoredRule().forTenant(stranger.tenant()).build());

            Page<RuleDetails> listed = service.list(caller, RuleFilter.none(), new PageRequest(1, 25));

            assertThat(listed.items()).extracting(RuleDetails::id).containsExactly(own.id());
            assertThat(listed.items()).extracting(RuleDetails::statistics).containsExactly(Optional.empty());
            assertThat(listed.total()).isEqualTo(1);
        }

        @Test
        void the_page_and_total_of_the_repository_are_kept() {
            for (int i = 0; i < 3; i++) {
                rules.containing(AutomationRules.aStoredRule().forTenant(tenant).build());
            }

            Page<RuleDetails> listed = service.list(caller, RuleFilter.none(), new PageRequest(2, 2));

            assertThat(listed.items()).hasSize(1);
            assertThat(listed.request()).isEqualTo(new PageRequest(2, 2));
            assertThat(listed.total()).isEqualTo(3);
        }
    }
}
