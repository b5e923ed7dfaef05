package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.WorkflowExecutionConfig;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WorkflowLauncherTest {

    private static final int MAX_DEPTH = 3;

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final WorkflowLauncher launcher = new WorkflowLauncher(rules, executions, queue, transactions,
            new EngineSettings(MAX_DEPTH, 3, Duration.ofSeconds(30)), clock);

    private final TenantId tenant = TenantIds.random();
    private final AutomationRule parentRule = rule("active");
    private final AutomationRule targetRule = rule("active");

    private AutomationRule rule(String status) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant)
                .from(aRule().withStatus(status).withTrigger("event_based", Json.object("event_type", "ticket.created")))
                .build();
        rules.containing(rule);
        return rule;
    }

    /** A running execution of the parent rule at {@code depth}, whose lineage is {@code chain}. */
    private AutomationExecution parentAt(int depth, RuleId... chain) {
        AutomationExecutions.Builder builder = AutomationExecutions.anExecutionOf(parentRule)
                .withTriggerData(Json.object("ticket", Json.object("id", "T-9")))
                .withChain(Arrays.stream(chain).map(RuleId::toString).toList());
        if (depth > 0) {
            builder.childOf(ExecutionId.newId(), depth);
        }
        AutomationExecution parent = builder.pending(clock);
        parent.start(clock.instant());
        return parent;
    }

    private AutomationExecution parent() {
        return parentAt(0, parentRule.id());
    }

    private static Map<String, Object> launching(RuleId target) {
        return Json.object("rule_id", target.toString());
    }

    private ExecutionState child(Map<String, Object> result) {
        return executions.stored(new ExecutionId(UUID.fromString((String) result.get("child_execution_id"))))
                .orElseThrow();
    }

    private Map<String, Object> launch(AutomationExecution parent, int index, Map<String, Object> config) {
        try {
            return launcher.launch(parent, index, WorkflowExecutionConfig.of(config), Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** After a short delay, another worker ends the child execution the way {@code ending} says. */
    private void endChildSoon(Consumer<AutomationExecution> ending) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            AutomationExecution child = executions.all().stream()
                    .filter(e -> e.parentExecutionId().isPresent()).findFirst()
                    .map(e -> executions.findById(e.tenant(), e.id()).orElseThrow()).orElseThrow();
            child.start(clock.instant());
            ending.accept(child);
            executions.update(child, Optional.empty());
        });
    }

    private static List<String> messages(ExecutionState state) {
        return state.logs().stream().map(ExecutionLogEntry::message).toList();
    }

    @Test
    void waiting_for_completion_returns_the_completed_childs_status() {
        endChildSoon(child -> child.complete(clock.instant()));

        Map<String, Object> result = launch(parent(), 0,
                Json.object("rule_id", targetRule.id().toString(), "wait_for_completion", true));

        assertThat(result).containsEntry("status", "completed");
    }

    @Test
    void waiting_for_a_child_that_fails_fails_the_action_with_the_childs_error() {
        endChildSoon(child -> child.fail("the PSA said no", Optional.empty(), clock.instant()));

        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class, () -> launch(parent(), 0,
                Json.object("rule_id", targetRule.id().toString(), "wait_for_completion", true)));

        assertThat(failure.code()).isEqualTo("CHILD_EXECUTION_FAILED");
        assertThat(failure.getMessage()).contains("the PSA said no");
    }

    @Test
    void waiting_ends_at_the_actions_timeout_while_the_child_goes_on() {
        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class, () -> launcher.launch(
                parent(), 0, WorkflowExecutionConfig.of(Json.object("rule_id", targetRule.id().toString(), "wait_for_completion", true)),
                Duration.ofMillis(300)));

        assertThat(failure.code()).isEqualTo("WORKFLOW_WAIT_TIMEOUT");
        assertThat(executions.all()).anySatisfy(e -> assertThat(e.status())
                .isEqualTo(ExecutionStatus.PENDING));
    }

    @Test
    void beyond_the_limit_of_waiting_parents_the_action_fails_retryably_instead_of_holding_a_worker()
            throws Exception {
        WorkflowLauncher oneWaiter = new WorkflowLauncher(rules, executions, queue, transactions,
                new EngineSettings(MAX_DEPTH, 3, Duration.ofSeconds(30)), 1, clock);
        AutomationRule other = rule("active");
        java.util.concurrent.CountDownLatch waitingStarted = new java.util.concurrent.CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            waitingStarted.countDown();
            catchThrowableOfType(ActionFailedException.class, () -> oneWaiter.launch(parent(), 0,
                    WorkflowExecutionConfig.of(Json.object("rule_id", targetRule.id().toString(), "wait_for_completion", true)),
                    Duration.ofMillis(800)));
        });
        waitingStarted.await();
        Thread.sleep(200);

        ActionFailedException refused = catchThrowableOfType(ActionFailedException.class, () -> oneWaiter.launch(
                parent(), 1, WorkflowExecutionConfig.of(Json.object("rule_id", other.id().toString(), "wait_for_completion", true)),
                Duration.ofSeconds(5)));
        first.join();
        ActionFailedException later = catchThrowableOfType(ActionFailedException.class, () -> oneWaiter.launch(
                parent(), 1, WorkflowExecutionConfig.of(Json.object("rule_id", other.id().toString(), "wait_for_completion", true)),
                Duration.ofMillis(200)));

        assertThat(refused.code()).isEqualTo("WORKFLOW_WAIT_CAPACITY");
        assertThat(refused.retryable()).isTrue();
        assertThat(later.code()).as("the slot is free again once the first parent stopped waiting")
                .isEqualTo("WORKFLOW_WAIT_TIMEOUT");
    }

    @Test
    void without_waiting_the_action_returns_at_once_with_the_child_pending() {
        Map<String, Object> result = launch(parent(), 0, launching(targetRule.id()));

        assertThat(result).containsEntry("status", "pending");
    }

    @Test
    void the_child_is_queued_pending_and_linked_to_its_parent() {
        AutomationExecution parent = parent();

        Map<String, Object> result = launch(parent, 0, launching(targetRule.id()));

        ExecutionState child = child(result);
        assertThat(child.status()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(child.tenant()).isEqualTo(tenant);
        assertThat(child.ruleId()).isEqualTo(targetRule.id());
        assertThat(child.parentExecutionId()).contains(parent.id());
        assertThat(child.chainDepth()).isEqualTo(1);
        assertThat(child.triggerType()).isEqualTo(TriggerType.EVENT_BASED);
        assertThat(child.executionContext().toJson()).containsEntry("trigger", "workflow")
                .containsEntry("parent_execution_id", parent.id().toString());
        assertThat(queue.announcements()).isEqualTo(1);
    }

    @Test
    void the_child_extends_the_parents_chain() {
        Map<String, Object> result = launch(parent(), 0, launching(targetRule.id()));

        assertThat(child(result).executionContext().toJson()).containsEntry("lineage",
                Map.of("chain", List.of(parentRule.id().toString(), targetRule.id().toString())));
    }

    @Test
    void the_result_names_the_child_its_rule_and_its_status() {
        Map<String, Object> result = launch(parent(), 0, launching(targetRule.id()));

        assertThat(result).containsEntry("rule_id", targetRule.id().toString()).containsEntry("status", "pending")
                .containsKey("child_execution_id");
    }

    @Test
    void the_child_is_announced_and_counted_on_its_rule() {
        launch(parent(), 0, launching(targetRule.id()));

        assertThat(executions.eventTypes()).containsExactly("automation.execution.created");
        assertThat(executions.countedOnRule(tenant, targetRule.id())).isEqualTo(1);
    }

    @Test
    void the_child_gets_the_execution_data_of_the_config() {
        Map<String, Object> config = Json.with(launching(targetRule.id()), "execution_data",
                Json.object("invoice", Json.object("id", "I-7")));

        Map<String, Object> result = launch(parent(), 0, config);

        assertThat(child(result).triggerData()).isEqualTo(Map.of("invoice", Map.of("id", "I-7")));
    }

    @Test
    void without_execution_data_the_child_gets_the_parents_trigger_data() {
        Map<String, Object> result = launch(parent(), 0, launching(targetRule.id()));

        assertThat(child(result).triggerData()).isEqualTo(Map.of("ticket", Map.of("id", "T-9")));
    }

    @Test
    void a_rule_already_in_the_chain_ends_its_child_as_skipped_by_the_loop_guard() {
        AutomationExecution parent = parentAt(1, targetRule.id(), parentRule.id());

        Map<String, Object> result = launch(parent, 0, launching(targetRule.id()));

        ExecutionState child = child(result);
        assertThat(result).containsEntry("status", "skipped");
        assertThat(child.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(queue.announcements()).as("a skipped child is not work").isZero();
        assertThat(messages(child)).anySatisfy(m -> assertThat(m).contains("loop guard")
                .contains("already in the chain"));
    }

    @Test
    void a_rule_starting_itself_is_caught_by_the_loop_guard() {
        Map<String, Object> result = launch(parent(), 0, launching(parentRule.id()));

        assertThat(child(result).status()).isEqualTo(ExecutionStatus.SKIPPED);
    }

    @Test
    void a_chain_at_its_depth_limit_still_starts_the_child() {
        AutomationExecution parent = parentAt(MAX_DEPTH - 1, parentRule.id());

        Map<String, Object> result = launch(parent, 0, launching(targetRule.id()));

        assertThat(child(result).status()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(child(result).chainDepth()).isEqualTo(MAX_DEPTH);
    }

    @Test
    void a_chain_deeper_than_the_limit_ends_its_child_as_skipped() {
        AutomationExecution parent = parentAt(MAX_DEPTH, parentRule.id());

        Map<String, Object> result = launch(parent, 0, launching(targetRule.id()));

        ExecutionState child = child(result);
        assertThat(child.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(messages(child)).anySatisfy(m -> assertThat(m)
                .contains("loop guard: chain depth " + (MAX_DEPTH + 1) + " exceeds the limit of " + MAX_DEPTH));
    }

    @Test
    void an_inactive_target_fails_the_action_and_starts_nothing() {
        AutomationRule inactive = rule("inactive");

        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class,
                () -> launch(parent(), 0, launching(inactive.id())));

        assertThat(failure.code()).isEqualTo("RULE_NOT_ACTIVE");
        assertThat(failure.retryable()).isFalse();
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void a_missing_target_fails_the_action_and_starts_nothing() {
        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class,
                () -> launch(parent(), 0, launching(RuleId.newId())));

        assertThat(failure.code()).isEqualTo("RULE_NOT_FOUND");
        assertThat(failure.retryable()).isFalse();
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void another_tenants_rule_is_not_found() {
        AutomationRule foreign = AutomationRules.aStoredRule().from(aRule().withStatus("active")).build();
        rules.containing(foreign);

        ActionFailedException failure = catchThrowableOfType(ActionFailedException.class,
                () -> launch(parent(), 0, launching(foreign.id())));

        assertThat(failure.code()).isEqualTo("RULE_NOT_FOUND");
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void launching_again_for_the_same_parent_and_action_returns_the_same_child() {
        AutomationExecution parent = parent();
        Map<String, Object> first = launch(parent, 0, launching(targetRule.id()));

        Map<String, Object> again = launch(parent, 0, launching(targetRule.id()));

        assertThat(again.get("child_execution_id")).isEqualTo(first.get("child_execution_id"));
        assertThat(executions.all()).hasSize(1);
        assertThat(executions.eventTypes()).containsExactly("automation.execution.created");
    }

    @Test
    void another_action_of_the_same_parent_starts_another_child() {
        AutomationExecution parent = parent();
        Map<String, Object> first = launch(parent, 0, launching(targetRule.id()));

        Map<String, Object> second = launch(parent, 1, launching(targetRule.id()));

        assertThat(second.get("child_execution_id")).isNotEqualTo(first.get("child_execution_id"));
        assertThat(executions.all()).hasSize(2);
    }
}
