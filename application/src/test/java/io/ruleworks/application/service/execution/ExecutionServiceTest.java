package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.FixedSecrets;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase.ExecuteRuleCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.InvalidTransitionException;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecutionServiceTest {

    private static final Map<String, Object> HIGH_PRIORITY_TICKET =
            Json.object("ticket", Json.object("id", "T-1", "priority", "high"));
    private static final Map<String, Object> LOW_PRIORITY_TICKET =
            Json.object("ticket", Json.object("id", "T-2", "priority", "low"));

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final ExecutionService service = new ExecutionService(rules, executions,
            new DryRunner(new ConditionEvaluator(), new TemplateRenderer(), FixedSecrets.none()), queue, transactions, clock);

    private final TenantId tenant = TenantIds.random();
    private final Caller caller = Callers.withAll(tenant);
    private final Caller stranger = Callers.withAll(TenantIds.random());

    /** An active rule of the caller's tenant that runs for high-priority tickets and calls a webhook with the ticket id. */
    private AutomationRule activeRule() {
        return storedRule(aRule().withStatus("active"));
    }

    private AutomationRule storedRule(RuleDrafts.Builder draft) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant)
                .from(draft.withConditions(condition("ticket.priority", "equals", "high"))
                        .withActions(RuleDrafts.action("webhook_call", Json.object(
                                "url", RuleDrafts.WEBHOOK_URL, "body", Json.object("ticket", "{{trigger.ticket.id}}")), 1)))
                .build();
        rules.containing(rule);
        return rule;
    }

    private static ExecuteRuleCommand run(Caller who, RuleId rule, Map<String, Object> data) {
        return new ExecuteRuleCommand(who, rule, data, false, false, Optional.empty(), "fingerprint");
    }

    private static ExecuteRuleCommand dryRun(Caller who, RuleId rule, Map<String, Object> data) {
        return new ExecuteRuleCommand(who, rule, data, false, true, Optional.empty(), "fingerprint");
    }

    private static ExecuteRuleCommand withKey(Caller who, RuleId rule, String key, String fingerprint) {
        return new ExecuteRuleCommand(who, rule, HIGH_PRIORITY_TICKET, false, false, Optional.of(key), fingerprint);
    }

    /** An execution of {@code rule} stored in {@code status}, reached through the aggregate's own transitions. */
    private ExecutionId storedExecution(AutomationRule rule, ExecutionStatus status) {
        AutomationExecution execution = AutomationExecutions.anExecutionOf(rule).pending(clock);
        switch (status) {
            case PENDING -> {
            }
            case RUNNING -> execution.start(clock.instant());
            case COMPLETED -> {
                execution.start(clock.instant());
                execution.actionSucceeded(0, 1, Map.of(), 1, 5, clock.instant());
                execution.complete(clock.instant());
            }
            case FAILED -> {
                execution.start(clock.instant());
                execution.actionFailed(0, 1, "HTTP_500", "server error", 1, 5, false, clock.instant());
                execution.fail("Action 1 failed", Optional.of("HTTP_500: server error"), clock.instant());
            }
            case TIMEOUT -> {
                execution.start(clock.instant());
                execution.timeOut(Duration.ofMinutes(60), clock.instant());
            }
            case SKIPPED -> execution.skip("conditions do not hold", clock.instant());
            case CANCELLED -> execution.cancel("no longer needed", clock.instant());
        }
        executions.insertUnlessDuplicate(execution, true);
        return execution.id();
    }

    private ExecutionState stored(ExecutionId id) {
        return executions.stored(id).orElseThrow();
    }

    private static List<String> messages(ExecutionState state) {
        return state.logs().stream().map(ExecutionLogEntry::message).toList();
    }

    /** Asserts that the use case was refused for lacking {@code permission} before anything was read or written. */
    private void assertDeniedUntouched(Permission permission, Executable useCase) {
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, useCase);

        assertThat(denied.details()).isEqualTo(Map.of("required_permission", permission.wire()));
        assertThat(rules.calls()).isEmpty();
        assertThat(executions.calls()).isEmpty();
        assertThat(transactions.begun()).isZero();
    }

    @Nested
    class Execute {

        @Test
        void executing_needs_the_execute_permission_and_touches_nothing_without_it() {
            AutomationRule rule = activeRule();

            assertDeniedUntouched(Permission.EXECUTE,
                    () -> service.execute(run(Callers.withAllBut(tenant, Permission.EXECUTE), rule.id(), Map.of())));
        }

        @Test
        void an_active_rule_is_queued_as_a_pending_manual_execution() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(state.tenant()).isEqualTo(tenant);
            assertThat(state.ruleId()).isEqualTo(rule.id());
            assertThat(state.triggerType()).isEqualTo(TriggerType.MANUAL);
            assertThat(state.triggerData()).isEqualTo(HIGH_PRIORITY_TICKET);
            assertThat(state.actionsTotal()).isEqualTo(1);
            assertThat(state.availableAt()).isEqualTo(clock.instant());
        }

        @Test
        void a_queued_execution_is_stored_with_its_created_event_and_counted_on_the_rule() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(executions.stored(state.id())).contains(state);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created");
            assertThat(executions.countedOnRule(tenant, rule.id())).isEqualTo(1);
        }

        @Test
        void the_context_records_how_the_execution_was_requested() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(state.executionContext().toJson()).containsEntry("trigger", "manual")
                    .containsEntry("override_conditions", false)
                    .containsEntry("dry_run", false)
                    .containsEntry("requested_by_key", caller.keyId().toString())
                    .containsEntry("lineage", Map.of("chain", List.of(rule.id().toString())));
        }

        @Test
        void execution_data_may_hold_json_nulls() {
            AutomationRule rule = activeRule();
            Map<String, Object> data = Json.with(HIGH_PRIORITY_TICKET, "assignee", null);

            ExecutionState state = service.execute(run(caller, rule.id(), data));

            assertThat(state.triggerData()).containsEntry("assignee", null);
        }

        @Test
        void a_missing_rule_is_not_found_and_nothing_is_stored() {
            RuleId missing = RuleId.newId();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.execute(run(caller, missing, Map.of())));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_rule", "id", missing.toString()));
            assertThat(executions.all()).isEmpty();
        }

        @Test
        void another_tenants_rule_is_not_found_exactly_like_a_missing_one() {
            AutomationRule rule = activeRule();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.execute(run(stranger, rule.id(), Map.of())));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_rule", "id", rule.id().toString()));
            assertThat(executions.all()).isEmpty();
        }

        @Test
        void an_inactive_rule_is_refused_with_its_status_and_nothing_is_stored() {
            AutomationRule rule = storedRule(aRule().withStatus("inactive"));

            DomainException refused = catchThrowableOfType(DomainException.class,
                    () -> service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET)));

            assertThat(refused.code()).isEqualTo("RULE_NOT_ACTIVE");
            assertThat(refused.details()).containsEntry("status", "inactive")
                    .containsEntry("rule_id", rule.id().toString());
            assertThat(executions.all()).isEmpty();
            assertThat(transactions.begun()).isZero();
        }

        @Test
        void a_draft_rule_is_refused_too() {
            AutomationRule rule = storedRule(aRule());

            DomainException refused = catchThrowableOfType(DomainException.class,
                    () -> service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET)));

            assertThat(refused.code()).isEqualTo("RULE_NOT_ACTIVE");
            assertThat(refused.details()).containsEntry("status", "draft");
        }

        @Test
        void override_conditions_runs_an_inactive_rule_and_says_so_in_the_context() {
            AutomationRule rule = storedRule(aRule().withStatus("inactive"));

            ExecutionState state = service.execute(new ExecuteRuleCommand(caller, rule.id(), LOW_PRIORITY_TICKET,
                    true, false, Optional.empty(), "fingerprint"));

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(state.executionContext().toJson()).containsEntry("override_conditions", true);
            assertThat(executions.stored(state.id())).isPresent();
        }
    }

    @Nested
    class DryRun {

        @Test
        void a_dry_run_whose_conditions_hold_is_stored_completed() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(dryRun(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.executionContext().toJson()).containsEntry("dry_run", true);
            assertThat(executions.stored(state.id())).contains(state);
        }

        @Test
        void a_dry_run_whose_conditions_do_not_hold_is_stored_skipped() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(dryRun(caller, rule.id(), LOW_PRIORITY_TICKET));

            assertThat(state.status()).isEqualTo(ExecutionStatus.SKIPPED);
            assertThat(executions.stored(state.id())).contains(state);
        }

        @Test
        void a_dry_run_logs_a_trace_of_each_condition() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(dryRun(caller, rule.id(), LOW_PRIORITY_TICKET));

            assertThat(state.logs()).filteredOn(e -> e.level() == LogLevel.DEBUG).singleElement()
                    .satisfies(e -> assertThat(e.metadata()).containsEntry("field", "ticket.priority")
                            .containsEntry("operator", "equals").containsEntry("expected", "high")
                            .containsEntry("actual", "low").containsEntry("result", false));
        }

        @Test
        void a_dry_run_logs_each_actions_rendered_config() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(dryRun(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(state.logs()).filteredOn(e -> e.actionIndex().equals(Optional.of(0))).singleElement()
                    .satisfies(e -> assertThat(e.metadata().get("rendered_config")).isEqualTo(
                            Map.of("url", RuleDrafts.WEBHOOK_URL, "body", Map.of("ticket", "T-1"))));
        }

        @Test
        void a_dry_run_counts_on_the_rule_as_in_the_statistics_but_is_not_queued_or_announced() {
            AutomationRule rule = activeRule();

            service.execute(dryRun(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(executions.countedOnRule(tenant, rule.id())).isEqualTo(1);
            assertThat(executions.hasInFlightExecutions(tenant, rule.id())).isFalse();
            assertThat(executions.statisticsFor(tenant, rule.id()).inFlightExecutions()).isZero();
            assertThat(executions.eventTypes()).isEmpty();
        }

        @Test
        void a_dry_run_of_an_inactive_rule_is_allowed_and_warns() {
            AutomationRule rule = storedRule(aRule().withStatus("inactive"));

            ExecutionState state = service.execute(dryRun(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.logs()).anySatisfy(e -> {
                assertThat(e.level()).isEqualTo(LogLevel.WARN);
                assertThat(e.message()).contains("Rule is inactive");
            });
        }

        @Test
        void a_dry_run_needs_the_execute_permission() {
            AutomationRule rule = activeRule();

            assertDeniedUntouched(Permission.EXECUTE, () -> service.execute(
                    dryRun(Callers.withAllBut(tenant, Permission.EXECUTE), rule.id(), HIGH_PRIORITY_TICKET)));
        }

        @Test
        void a_dry_run_needs_the_read_permission_too_because_it_shows_every_rendered_config() {
            AutomationRule rule = activeRule();

            assertDeniedUntouched(Permission.READ, () -> service.execute(
                    dryRun(Callers.with(tenant, Permission.EXECUTE), rule.id(), HIGH_PRIORITY_TICKET)));
        }

        @Test
        void a_real_execution_needs_no_read_permission() {
            AutomationRule rule = activeRule();

            ExecutionState state = service.execute(run(Callers.with(tenant, Permission.EXECUTE), rule.id(),
                    HIGH_PRIORITY_TICKET));

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
        }
    }

    @Nested
    class Idempotency {

        @Test
        void the_same_key_and_request_return_the_first_execution() {
            AutomationRule rule = activeRule();
            ExecutionState first = service.execute(withKey(caller, rule.id(), "ticket-4711", "body-A"));

            ExecutionState again = service.execute(withKey(caller, rule.id(), "ticket-4711", "body-A"));

            assertThat(again.id()).isEqualTo(first.id());
            assertThat(executions.all()).hasSize(1);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created");
        }

        @Test
        void the_same_key_with_another_request_is_refused() {
            AutomationRule rule = activeRule();
            ExecutionState first = service.execute(withKey(caller, rule.id(), "ticket-4711", "body-A"));

            DomainException refused = catchThrowableOfType(DomainException.class,
                    () -> service.execute(withKey(caller, rule.id(), "ticket-4711", "body-B")));

            assertThat(refused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(refused.details()).containsEntry("execution_id", first.id().toString());
            assertThat(executions.all()).hasSize(1);
        }

        @Test
        void different_keys_start_different_executions() {
            AutomationRule rule = activeRule();
            ExecutionState first = service.execute(withKey(caller, rule.id(), "ticket-4711", "body-A"));

            ExecutionState second = service.execute(withKey(caller, rule.id(), "ticket-4712", "body-A"));

            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(executions.all()).hasSize(2);
        }

        @Test
        void without_a_key_each_request_starts_an_execution() {
            AutomationRule rule = activeRule();
            service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET));

            service.execute(run(caller, rule.id(), HIGH_PRIORITY_TICKET));

            assertThat(executions.all()).hasSize(2);
        }
    }

    @Nested
    class Retry {

        @Test
        void retrying_needs_the_execute_permission_and_touches_nothing_without_it() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);
            List<String> callsBefore = executions.calls();

            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> service.retry(
                    Callers.withAllBut(tenant, Permission.EXECUTE), id, RetryFrom.START, Optional.empty()));

            assertThat(denied.details()).containsEntry("required_permission", "automation:execute");
            assertThat(executions.calls()).isEqualTo(callsBefore);
            assertThat(stored(id).status()).isEqualTo(ExecutionStatus.FAILED);
        }

        @Test
        void an_execute_only_key_is_refused_before_the_execution_is_looked_at_so_its_status_stays_hidden() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.COMPLETED);
            List<String> callsBefore = executions.calls();

            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> service.retry(
                    Callers.with(tenant, Permission.EXECUTE), id, RetryFrom.START, Optional.empty()));

            assertThat(denied.details()).isEqualTo(Map.of("required_permission", "automation:read"));
            assertThat(executions.calls()).isEqualTo(callsBefore);
            assertThat(transactions.begun()).isZero();
        }

        @Test
        void a_failed_execution_goes_back_to_pending_and_is_announced() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);

            ExecutionState state = service.retry(caller, id, RetryFrom.START, Optional.empty());

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(state.retryCount()).isEqualTo(1);
            assertThat(state.availableAt()).isEqualTo(clock.instant());
            assertThat(stored(id)).isEqualTo(state);
            assertThat(executions.eventTypes()).last().isEqualTo("automation.execution.retried");
        }

        @Test
        void a_timed_out_execution_can_be_retried() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.TIMEOUT);

            ExecutionState state = service.retry(caller, id, RetryFrom.START, Optional.empty());

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
        }

        @Test
        void a_retry_from_the_failed_action_resumes_there() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);

            ExecutionState state = service.retry(caller, id, RetryFrom.FAILED_ACTION, Optional.empty());

            assertThat(state.executionContext().toJson()).containsEntry("resume_from_index", 0);
        }

        @ParameterizedTest
        @EnumSource(value = ExecutionStatus.class, names = {"PENDING", "RUNNING", "COMPLETED", "CANCELLED", "SKIPPED"})
        void an_execution_that_did_not_fail_is_not_retried(ExecutionStatus status) {
            ExecutionId id = storedExecution(activeRule(), status);
            ExecutionState before = stored(id);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> service.retry(caller, id, RetryFrom.START, Optional.empty()));

            assertThat(refused.code()).isEqualTo("INVALID_EXECUTION_STATUS");
            assertThat(refused.details()).containsEntry("current_status", status.wire());
            assertThat(stored(id)).isEqualTo(before);
        }

        @Test
        void a_missing_execution_is_not_found() {
            ExecutionId missing = ExecutionId.newId();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.retry(caller, missing, RetryFrom.START, Optional.empty()));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_execution", "id",
                    missing.toString()));
        }

        @Test
        void another_tenants_execution_is_not_found() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);

            catchThrowableOfType(NotFoundException.class,
                    () -> service.retry(stranger, id, RetryFrom.START, Optional.empty()));

            assertThat(stored(id).status()).isEqualTo(ExecutionStatus.FAILED);
        }

        @Test
        void a_repeated_retry_with_the_same_key_does_not_retry_twice() {
            AutomationRule rule = activeRule();
            ExecutionId id = storedExecution(rule, ExecutionStatus.FAILED);
            service.retry(caller, id, RetryFrom.START, Optional.of("retry-1"));
            failAgain(id);

            ExecutionState replay = service.retry(caller, id, RetryFrom.START, Optional.of("retry-1"));

            assertThat(replay.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(replay.retryCount()).isEqualTo(1);
            assertThat(executions.eventTypes()).filteredOn("automation.execution.retried"::equals).hasSize(1);
        }

        @Test
        void a_new_key_retries_again() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);
            service.retry(caller, id, RetryFrom.START, Optional.of("retry-1"));
            failAgain(id);

            ExecutionState state = service.retry(caller, id, RetryFrom.START, Optional.of("retry-2"));

            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(state.retryCount()).isEqualTo(2);
        }

        @Test
        void the_same_key_with_another_starting_point_is_refused() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);
            service.retry(caller, id, RetryFrom.START, Optional.of("retry-1"));
            failAgain(id);

            DomainException refused = catchThrowableOfType(DomainException.class,
                    () -> service.retry(caller, id, RetryFrom.FAILED_ACTION, Optional.of("retry-1")));

            assertThat(refused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(stored(id).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(stored(id).retryCount()).isEqualTo(1);
        }

        /** Plays a worker that ran the retried execution and saw it fail again. */
        private void failAgain(ExecutionId id) {
            executions.leaseTo(id, "worker-1", clock.instant());
            AutomationExecution execution = executions.findById(tenant, id).orElseThrow();
            execution.fail("failed again", Optional.empty(), clock.instant());
            assertThat(executions.update(execution, Optional.of("worker-1"))).isTrue();
        }
    }

    @Nested
    class Children {

        private ExecutionId childOf(AutomationRule rule, ExecutionId parent) {
            clock.advance(Duration.ofSeconds(1));
            AutomationExecution child = AutomationExecutions.anExecutionOf(rule).childOf(parent, 1).pending(clock);
            executions.insertUnlessDuplicate(child, true);
            return child.id();
        }

        @Test
        void the_children_of_an_execution_are_listed_oldest_first() {
            AutomationRule rule = activeRule();
            ExecutionId parent = storedExecution(rule, ExecutionStatus.COMPLETED);
            ExecutionId first = childOf(rule, parent);
            ExecutionId second = childOf(rule, parent);
            childOf(rule, first);

            assertThat(service.children(caller, parent, 10)).extracting(ExecutionState::id)
                    .containsExactly(first, second);
            assertThat(service.children(caller, parent, 1)).extracting(ExecutionState::id).containsExactly(first);
        }

        @Test
        void another_tenant_sees_no_children() {
            AutomationRule rule = activeRule();
            ExecutionId parent = storedExecution(rule, ExecutionStatus.COMPLETED);
            childOf(rule, parent);

            assertThat(service.children(stranger, parent, 10)).isEmpty();
        }

        @Test
        void listing_children_needs_the_read_permission_and_a_limit_of_1_to_100() {
            ExecutionId parent = ExecutionId.newId();
            assertDeniedUntouched(Permission.READ,
                    () -> service.children(Callers.withAllBut(tenant, Permission.READ), parent, 10));
            assertThrows(ValidationException.class, () -> service.children(caller, parent, 0));
            assertThrows(ValidationException.class, () -> service.children(caller, parent, 101));
        }
    }

    @Nested
    class Cancel {

        @Test
        void cancelling_needs_the_execute_permission() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.PENDING);

            assertThrows(PermissionDeniedException.class,
                    () -> service.cancel(Callers.withAllBut(tenant, Permission.EXECUTE), id));

            assertThat(stored(id).status()).isEqualTo(ExecutionStatus.PENDING);
        }

        @Test
        void an_execute_only_key_is_refused_before_the_execution_is_looked_at_so_its_status_stays_hidden() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.COMPLETED);
            List<String> callsBefore = executions.calls();

            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                    () -> service.cancel(Callers.with(tenant, Permission.EXECUTE), id));

            assertThat(denied.details()).isEqualTo(Map.of("required_permission", "automation:read"));
            assertThat(executions.calls()).isEqualTo(callsBefore);
            assertThat(transactions.begun()).isZero();
        }

        @Test
        void a_pending_execution_is_cancelled_and_announced() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.PENDING);

            ExecutionState state = service.cancel(caller, id);

            assertThat(state.status()).isEqualTo(ExecutionStatus.CANCELLED);
            assertThat(state.completedAt()).contains(clock.instant());
            assertThat(stored(id)).isEqualTo(state);
            assertThat(messages(state)).contains("Execution cancelled: requested through the API");
            assertThat(executions.eventTypes()).last().isEqualTo("automation.execution.cancelled");
        }

        @Test
        void a_completed_execution_cannot_be_cancelled() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.COMPLETED);
            ExecutionState before = stored(id);

            InvalidTransitionException refused = catchThrowableOfType(InvalidTransitionException.class,
                    () -> service.cancel(caller, id));

            assertThat(refused.details()).containsEntry("current_status", "completed");
            assertThat(stored(id)).isEqualTo(before);
        }

        @Test
        void another_tenants_execution_is_not_found() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.PENDING);

            catchThrowableOfType(NotFoundException.class, () -> service.cancel(stranger, id));

            assertThat(stored(id).status()).isEqualTo(ExecutionStatus.PENDING);
        }
    }

    @Nested
    class Read {

        @Test
        void reading_an_execution_needs_the_read_permission_and_touches_nothing_without_it() {
            ExecutionId id = ExecutionId.newId();

            assertDeniedUntouched(Permission.READ,
                    () -> service.get(Callers.withAllBut(tenant, Permission.READ), id));
        }

        @Test
        void listing_needs_the_read_permission_and_touches_nothing_without_it() {
            assertDeniedUntouched(Permission.READ, () -> service.list(Callers.withAllBut(tenant, Permission.READ),
                    ExecutionFilter.none(), new PageRequest(1, 10)));
            assertDeniedUntouched(Permission.READ, () -> service.list(Callers.withAllBut(tenant, Permission.READ),
                    ExecutionFilter.none(), new PageRequest(1, 10), 10_000));
        }

        @Test
        void a_capped_list_holds_only_the_callers_executions_and_refuses_a_cap_below_one() {
            ExecutionId mine = storedExecution(activeRule(), ExecutionStatus.PENDING);
            executions.insertUnlessDuplicate(AutomationExecutions.anExecution().pending(clock), true);
            Caller reader = Callers.with(tenant, Permission.READ);

            Page<ExecutionState> page = service.list(reader, ExecutionFilter.none(), new PageRequest(1, 10), 10_000);

            assertThat(page.items()).extracting(ExecutionState::id).containsExactly(mine);
            assertThat(page.total()).isEqualTo(1);
            assertThat(page.totalCapped()).isFalse();
            assertThatThrownBy(() -> service.list(reader, ExecutionFilter.none(), new PageRequest(1, 10), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void an_execution_is_returned_as_stored() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);

            ExecutionState state = service.get(Callers.with(tenant, Permission.READ), id);

            assertThat(state).isEqualTo(stored(id));
        }

        @Test
        void another_tenants_execution_is_not_found() {
            ExecutionId id = storedExecution(activeRule(), ExecutionStatus.FAILED);

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class, () -> service.get(stranger, id));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "automation_execution", "id", id.toString()));
        }

        @Test
        void a_list_holds_only_the_callers_executions() {
            AutomationRule rule = activeRule();
            ExecutionId mine = storedExecution(rule, ExecutionStatus.PENDING);
            AutomationExecution theirs = AutomationExecutions.anExecution().pending(clock);
            executions.insertUnlessDuplicate(theirs, true);

            Page<ExecutionState> page = service.list(Callers.with(tenant, Permission.READ), ExecutionFilter.none(),
                    new PageRequest(1, 10));

            assertThat(page.items()).extracting(ExecutionState::id).containsExactly(mine);
            assertThat(page.total()).isEqualTo(1);
        }
    }

    @Test
    void a_queued_execution_is_announced_once_after_it_is_stored() {
        AutomationRule rule = activeRule();

        service.execute(new ExecuteRuleCommand(caller, rule.id(), HIGH_PRIORITY_TICKET, false, false,
                Optional.empty(), "fingerprint"));

        assertThat(queue.announcements()).isEqualTo(1);
        assertThat(executions.all()).hasSize(1);
    }

    @Test
    void a_dry_run_and_an_idempotent_replay_announce_nothing() {
        AutomationRule rule = activeRule();
        var first = new ExecuteRuleCommand(caller, rule.id(), HIGH_PRIORITY_TICKET, false, false,
                Optional.of("key-1"), "fingerprint");
        service.execute(first);

        service.execute(first);
        service.execute(new ExecuteRuleCommand(caller, rule.id(), HIGH_PRIORITY_TICKET, false, true,
                Optional.empty(), "fingerprint"));

        assertThat(queue.announcements()).isEqualTo(1);
    }
}
