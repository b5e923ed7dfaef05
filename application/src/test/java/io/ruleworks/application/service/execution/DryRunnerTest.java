package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.FixedSecrets;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.rule.AutomationRule;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.action;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;

class DryRunnerTest {

    private static final Map<String, Object> HIGH_PRIORITY_TICKET =
            Json.object("ticket", Json.object("id", "T-1", "priority", "high", "queue", "ops"));

    private final MutableClock clock = MutableClock.standing();
    private final DryRunner dryRunner = new DryRunner(new ConditionEvaluator(), new TemplateRenderer(),
            new FixedSecrets(Map.of("API_TOKEN", "tok-123-secret")));

    private static Map<String, Object> webhook(int order, String url, Object body) {
        return action("webhook_call", Json.object("url", url, "body", body), order);
    }

    /** An active rule for high-priority tickets of the ops queue with the given actions. */
    private static RuleDrafts.Builder highPriorityOps(Object... actions) {
        return aRule().withStatus("active")
                .withConditions(condition("ticket.priority", "equals", "high"), condition("ticket.queue", "equals", "ops"))
                .withActions(actions);
    }

    private ExecutionState dryRun(RuleDrafts.Builder draft, Map<String, Object> data, boolean override) {
        AutomationRule rule = AutomationRules.aStoredRule().from(draft).build();
        Trigger request = AutomationExecutions.anExecutionOf(rule).withTriggerData(data)
                .withContext("dry_run", true).trigger();
        return dryRunner.dryRun(rule, request, override, clock.instant()).state();
    }

    private static List<ExecutionLogEntry> conditionTrace(ExecutionState state) {
        return state.logs().stream().filter(e -> e.level() == LogLevel.DEBUG).toList();
    }

    private static ExecutionLogEntry actionEntry(ExecutionState state, int index) {
        return state.logs().stream().filter(e -> e.actionIndex().equals(Optional.of(index))).findFirst().orElseThrow();
    }

    @Test
    void conditions_that_hold_make_a_completed_dry_run() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")), HIGH_PRIORITY_TICKET,
                false);

        assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(state.logs().getLast().message()).isEqualTo("Dry run completed: no action was performed");
    }

    @Test
    void a_dry_run_is_final_at_once_and_took_no_time() {
        Instant now = clock.instant();

        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")), HIGH_PRIORITY_TICKET,
                false);

        assertThat(state.startedAt()).contains(now);
        assertThat(state.completedAt()).contains(now);
        assertThat(state.durationMs()).contains(0L);
        assertThat(state.actionsSuccessful()).isZero();
    }

    @Test
    void each_condition_is_traced_in_order_with_its_values_and_result() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")),
                Json.object("ticket", Json.object("priority", "high", "queue", "billing")), false);

        assertThat(conditionTrace(state)).extracting(ExecutionLogEntry::metadata).containsExactly(
                Map.of("field", "ticket.priority", "operator", "equals", "expected", "high", "actual", "high",
                        "result", true),
                Map.of("field", "ticket.queue", "operator", "equals", "expected", "ops", "actual", "billing",
                        "result", false));
    }

    @Test
    void conditions_that_do_not_hold_make_a_skipped_dry_run_without_rendering() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")),
                Json.object("ticket", Json.object("priority", "low", "queue", "ops")), false);

        assertThat(state.status()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(state.logs()).noneMatch(e -> e.actionIndex().isPresent());
        assertThat(state.logs().getLast().message()).contains("conditions do not hold");
    }

    @Test
    void every_action_config_is_rendered_from_the_trigger_data() {
        ExecutionState state = dryRun(highPriorityOps(
                        webhook(1, RuleDrafts.WEBHOOK_URL, Json.object("ticket", "{{trigger.ticket.id}}")),
                        webhook(2, "https://hooks.example.com/{{trigger.ticket.queue}}", "Ticket {{trigger.ticket.id}}")),
                HIGH_PRIORITY_TICKET, false);

        assertThat(actionEntry(state, 0).metadata().get("rendered_config"))
                .isEqualTo(Map.of("url", RuleDrafts.WEBHOOK_URL, "body", Map.of("ticket", "T-1")));
        assertThat(actionEntry(state, 1).metadata().get("rendered_config"))
                .isEqualTo(Map.of("url", "https://hooks.example.com/ops", "body", "Ticket T-1"));
        assertThat(actionEntry(state, 1).message()).isEqualTo("Action 2 (webhook_call) would run");
    }

    @Test
    void a_secret_is_rendered_for_validation_but_shown_masked() {
        ExecutionState state = dryRun(highPriorityOps(
                        webhook(1, RuleDrafts.WEBHOOK_URL, "token={{secret.API_TOKEN}}")),
                HIGH_PRIORITY_TICKET, false);

        assertThat(actionEntry(state, 0).metadata().get("rendered_config"))
                .isEqualTo(Map.of("url", RuleDrafts.WEBHOOK_URL, "body", "token=[REDACTED]"));
        assertThat(actionEntry(state, 0).message()).isEqualTo("Action 1 (webhook_call) would run");
        assertThat(String.valueOf(state)).doesNotContain("tok-123-secret");
    }

    @Test
    void a_config_that_needs_earlier_results_is_left_to_run_time() {
        ExecutionState state = dryRun(highPriorityOps(
                        webhook(1, RuleDrafts.WEBHOOK_URL, "x"),
                        webhook(2, RuleDrafts.WEBHOOK_URL, "{{actions.1.result.id}}")),
                HIGH_PRIORITY_TICKET, false);

        ExecutionLogEntry second = actionEntry(state, 1);
        assertThat(second.level()).isEqualTo(LogLevel.INFO);
        assertThat(second.message()).contains("checked at run time");
        assertThat(second.metadata().get("missing_variables")).isEqualTo(List.of("actions.1.result.id"));
    }

    @Test
    void a_config_with_a_missing_trigger_variable_would_fail() {
        ExecutionState state = dryRun(highPriorityOps(
                        webhook(1, RuleDrafts.WEBHOOK_URL, "{{trigger.ticket.owner}}")),
                HIGH_PRIORITY_TICKET, false);

        ExecutionLogEntry entry = actionEntry(state, 0);
        assertThat(entry.level()).isEqualTo(LogLevel.WARN);
        assertThat(entry.message()).contains("would fail");
        assertThat(entry.metadata().get("missing_variables")).isEqualTo(List.of("trigger.ticket.owner"));
    }

    @Test
    void a_config_that_is_invalid_once_rendered_lists_its_problems() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, "{{trigger.ticket.queue}}", "x")),
                HIGH_PRIORITY_TICKET, false);

        ExecutionLogEntry entry = actionEntry(state, 0);
        assertThat(entry.level()).isEqualTo(LogLevel.WARN);
        assertThat(entry.metadata().get("problems")).asInstanceOf(
                InstanceOfAssertFactories.list(Map.class))
                .singleElement().satisfies(p -> assertThat(p.get("field")).isEqualTo("actions[0].config.url"));
    }

    @Test
    void override_conditions_skips_the_evaluation_and_says_so() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")),
                Json.object("ticket", Json.object("priority", "low")), true);

        assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(conditionTrace(state)).isEmpty();
        assertThat(state.logs()).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(LogLevel.WARN);
            assertThat(e.message()).contains("override_conditions=true");
        });
    }

    @Test
    void a_dry_run_of_an_inactive_rule_warns_that_a_real_run_would_be_refused() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")).withStatus("draft"),
                HIGH_PRIORITY_TICKET, false);

        assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(state.logs()).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(LogLevel.WARN);
            assertThat(e.message()).startsWith("Rule is draft: a real execution would be refused");
        });
    }

    @Test
    void a_dry_run_of_an_active_rule_does_not_warn_about_its_status() {
        ExecutionState state = dryRun(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x")), HIGH_PRIORITY_TICKET,
                false);

        assertThat(state.logs()).noneMatch(e -> e.message().startsWith("Rule is"));
    }

    @Test
    void a_dry_run_records_no_events() {
        AutomationRule rule = AutomationRules.aStoredRule()
                .from(highPriorityOps(webhook(1, RuleDrafts.WEBHOOK_URL, "x"))).build();

        AutomationExecution execution = dryRunner.dryRun(rule,
                AutomationExecutions.anExecutionOf(rule).withTriggerData(HIGH_PRIORITY_TICKET).trigger(), false,
                clock.instant());

        assertThat(execution.drainEvents()).isEmpty();
    }
}
