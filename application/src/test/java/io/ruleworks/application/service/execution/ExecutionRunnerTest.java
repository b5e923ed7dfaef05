package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.FixedSecrets;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.NotStorableException;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.fixtures.AutomationExecutions;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Capabilities;
import io.ruleworks.domain.fixtures.FixedRandom;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.shared.TenantId;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.action;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionRunnerTest {

    private static final String WORKER = "worker-1";
    private static final Map<String, Object> HIGH_PRIORITY_TICKET =
            Json.object("ticket", Json.object("id", "T-1", "priority", "high", "queue", "ops"));
    /** Action retries wait at most a couple of milliseconds here. */
    private static final RetryPolicy ACTION_RETRIES =
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), FixedRandom.highest());
    /** Automatic execution retries wait exactly their ceiling: 1 minute, then 2, then 4... */
    private static final RetryPolicy EXECUTION_RETRIES =
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(30), FixedRandom.highest());
    private static final int MAX_AUTO_RETRIES = 2;
    private static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration NOTIFICATION_TIMEOUT = Duration.ofSeconds(2);

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final EngineSettings settings = new EngineSettings(5, MAX_AUTO_RETRIES, DEFAULT_ACTION_TIMEOUT);
    private final WorkflowLauncher workflows = new WorkflowLauncher(rules, executions, queue, transactions, settings, clock);
    private final TenantId tenant = TenantIds.random();
    private FixedSecrets secrets = FixedSecrets.none();
    private ActionCapabilities capabilities = Capabilities.allEnabled();

    // --- fake action runners ---------------------------------------------------------------------

    /** Remembers every invocation and answers each with the same result. */
    static class RecordingRunner implements ActionRunner {
        private final ActionType type;
        private final Map<String, Object> result;
        final List<Invocation> invocations = new CopyOnWriteArrayList<>();

        RecordingRunner(ActionType type) {
            this(type, Map.of("ok", true));
        }

        RecordingRunner(ActionType type, Map<String, Object> result) {
            this.type = type;
            this.result = result;
        }

        @Override
        public ActionType type() {
            return type;
        }

        @Override
        public Map<String, Object> run(Invocation invocation) throws InterruptedException {
            invocations.add(invocation);
            return respond(invocation);
        }

        Map<String, Object> respond(Invocation invocation) throws InterruptedException {
            return result;
        }

        List<Integer> orders() {
            return invocations.stream().map(Invocation::order).toList();
        }
    }

    /** Fails its first {@code failures} calls with an ActionFailedException, then succeeds. */
    static final class FailingRunner extends RecordingRunner {
        private final String code;
        private final boolean retryable;
        private final AtomicInteger failuresLeft;

        FailingRunner(ActionType type, String code, boolean retryable, int failures) {
            super(type);
            this.code = code;
            this.retryable = retryable;
            this.failuresLeft = new AtomicInteger(failures);
        }

        static FailingRunner always(ActionType type, String code, boolean retryable) {
            return new FailingRunner(type, code, retryable, Integer.MAX_VALUE);
        }

        @Override
        Map<String, Object> respond(Invocation invocation) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new ActionFailedException(code, "attempt " + invocation.attempt() + " went wrong", retryable);
            }
            return Map.of("recovered", true);
        }
    }

    /** Throws an unexpected RuntimeException, as a buggy adapter might. */
    static final class ThrowingRunner extends RecordingRunner {
        ThrowingRunner(ActionType type) {
            super(type);
        }

        @Override
        Map<String, Object> respond(Invocation invocation) {
            throw new IllegalStateException("disk on fire");
        }
    }

    /** Blocks until it is interrupted, and says when it was. */
    static final class BlockingRunner extends RecordingRunner {
        final CountDownLatch interrupted = new CountDownLatch(1);

        BlockingRunner(ActionType type) {
            super(type);
        }

        @Override
        Map<String, Object> respond(Invocation invocation) throws InterruptedException {
            try {
                new CountDownLatch(1).await();
                throw new AssertionError("a latch nobody counts down was released");
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }
    }

    /** Takes {@code takes} of the test clock's time, then succeeds. */
    static final class SlowRunner extends RecordingRunner {
        private final MutableClock clock;
        private final Duration takes;

        SlowRunner(ActionType type, MutableClock clock, Duration takes) {
            super(type);
            this.clock = clock;
            this.takes = takes;
        }

        @Override
        Map<String, Object> respond(Invocation invocation) {
            clock.advance(takes);
            return Map.of("slow", true);
        }
    }

    /** Takes {@code takes} of the test clock's time, then fails with a retryable error. */
    static final class SlowFailingRunner extends RecordingRunner {
        private final MutableClock clock;
        private final Duration takes;

        SlowFailingRunner(ActionType type, MutableClock clock, Duration takes) {
            super(type);
            this.clock = clock;
            this.takes = takes;
        }

        @Override
        Map<String, Object> respond(Invocation invocation) {
            clock.advance(takes);
            throw new ActionFailedException("HTTP_503", "unavailable", true);
        }
    }

    /** While it runs, the queue hands the execution's lease to another worker (rescued after a missed heartbeat). */
    static final class LeaseLosingRunner extends RecordingRunner {
        private final InMemoryAutomationExecutionRepository executions;
        private final MutableClock clock;

        LeaseLosingRunner(ActionType type, InMemoryAutomationExecutionRepository executions, MutableClock clock) {
            super(type);
            this.executions = executions;
            this.clock = clock;
        }

        @Override
        Map<String, Object> respond(Invocation invocation) {
            executions.leaseTo(invocation.executionId(), "worker-2", clock.instant());
            return Map.of("done", true);
        }
    }

    // --- rules, executions and the engine --------------------------------------------------------

    private static Map<String, Object> webhook(int order, Object... options) {
        return withOptions(action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), order), options);
    }

    private static Map<String, Object> webhook(int order, Map<String, Object> config, Object... options) {
        return withOptions(action("webhook_call", config, order), options);
    }

    private static Map<String, Object> script(int order, String content, Object... options) {
        return withOptions(action("custom_script", Json.object("script_type", "javascript", "script_content", content),
                order), options);
    }

    private static Map<String, Object> withOptions(Map<String, Object> action, Object... options) {
        Map<String, Object> result = action;
        for (int i = 0; i < options.length; i += 2) {
            result = Json.with(result, (String) options[i], options[i + 1]);
        }
        return result;
    }

    private AutomationRule storedRule(RuleDrafts.Builder draft) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).from(draft).build();
        rules.containing(rule);
        return rule;
    }

    private AutomationRule activeRule(Object... actions) {
        return storedRule(aRule().withStatus("active").withActions(actions));
    }

    /** Queues an execution of {@code rule} and plays the queue's claim for {@link #WORKER}. */
    private Claim claimed(AutomationRule rule, Map<String, Object> data) {
        return claimed(AutomationExecutions.anExecutionOf(rule).withTriggerData(data));
    }

    private Claim claimed(AutomationExecutions.Builder execution) {
        AutomationExecution pending = execution.pending(clock);
        executions.insertUnlessDuplicate(pending, true);
        executions.leaseTo(pending.id(), WORKER, clock.instant());
        return new Claim(pending.tenant(), pending.id(), WORKER);
    }

    private ExecutionRunner engine(ActionRunner... runners) {
        return engine(settings, new TransactionalExecutionProgress(executions, transactions), runners);
    }

    private ExecutionRunner engine(EngineSettings engineSettings, ExecutionProgress progress, ActionRunner... runners) {
        List<ActionRunner> all = new java.util.ArrayList<>(List.of(runners));
        if (all.stream().noneMatch(r -> r.type() == ActionType.WORKFLOW_EXECUTION)) {
            all.add(new WorkflowExecutionRunner(workflows, executions, secrets));
        }
        ActionRunners registry = new ActionRunners(all);
        return new ExecutionRunner(new RuleCache(rules, RuleCache.DEFAULT_CAPACITY), executions, registry,
                new ActionConfigRenderer(capabilities, new TemplateRenderer()),
                new ActionAttempts(ACTION_RETRIES, engineSettings.defaultActionTimeout(), clock),
                new ConditionEvaluator(), EXECUTION_RETRIES, engineSettings, progress, secrets,
                new ExecutionNotifier(registry, NOTIFICATION_TIMEOUT, clock), clock);
    }

    /**
     * The worker's saves, passed on to the in-memory repository after the trouble it is told to
     * play: the database unreachable for the next saves, or refusing states it should not take.
     */
    final class TroubledProgress implements ExecutionProgress {
        private final ExecutionProgress real = new TransactionalExecutionProgress(executions, transactions);
        private final AtomicInteger unreachableFor;
        private final java.util.function.Predicate<ExecutionState> refused;
        final AtomicInteger attempts = new AtomicInteger();
        /** The next saves fail with a transient statement error (a serialization failure). */
        final AtomicInteger transientFor = new AtomicInteger();
        /** The next saves commit, but their reply is lost (the connection drops after the commit). */
        final AtomicInteger replyLostFor = new AtomicInteger();

        TroubledProgress(int unreachableFor, java.util.function.Predicate<ExecutionState> refused) {
            this.unreachableFor = new AtomicInteger(unreachableFor);
            this.refused = refused;
        }

        @Override
        public boolean save(ExecutionState state, List<ExecutionEvent> events, String leaseHolder) {
            attempts.incrementAndGet();
            if (unreachableFor.getAndDecrement() > 0) {
                throw new DependencyUnavailableException("database", new IllegalStateException("Connection refused"));
            }
            if (transientFor.getAndDecrement() > 0) {
                throw new IllegalStateException("Error executing SQL callback", new IllegalStateException(
                        "ERROR: could not serialize access due to concurrent update"));
            }
            if (refused.test(state)) {
                throw new NotStorableException("the database refused the value", new IllegalStateException(
                        "ERROR: unsupported Unicode escape sequence\n  Detail: \\u0000 cannot be converted to text."));
            }
            boolean saved = real.save(state, events, leaseHolder);
            if (replyLostFor.getAndDecrement() > 0) {
                throw new DependencyUnavailableException("database", new IllegalStateException("Connection reset"));
            }
            return saved;
        }

        @Override
        public void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries) {
            real.appendLogs(tenant, id, entries);
        }
    }

    private ExecutionState stored(Claim claim) {
        return executions.stored(claim.id()).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> recorded(ExecutionState state, int order) {
        Map<String, Object> results = (Map<String, Object>) state.executionContext().toJson().get("actions");
        return (Map<String, Object>) results.get(String.valueOf(order));
    }

    private static List<String> messages(ExecutionState state) {
        return state.logs().stream().map(ExecutionLogEntry::message).toList();
    }

    // --- the tests ---------------------------------------------------------------------------------

    @Nested
    class RunningActions {

        @Test
        void actions_run_in_their_order_and_the_execution_completes() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            AutomationRule rule = activeRule(webhook(3), webhook(1), webhook(2));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.orders()).containsExactly(1, 2, 3);
            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::index).containsExactly(0, 1, 2);
            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.actionsSuccessful()).isEqualTo(3);
            assertThat(state.actionsFailed()).isZero();
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.completed");
        }

        @Test
        void each_result_is_recorded_under_the_actions_order() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL, Map.of("status_code", 200));
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(recorded(stored(claim), 1)).containsEntry("index", 0).containsEntry("status", "completed")
                    .containsEntry("result", Map.of("status_code", 200)).containsEntry("attempts", 1);
        }

        @Test
        void a_runner_gets_the_execution_and_the_action_it_runs() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            AutomationRule rule = activeRule(webhook(1));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).singleElement().satisfies(invocation -> {
                assertThat(invocation.tenant()).isEqualTo(tenant);
                assertThat(invocation.ruleId()).isEqualTo(rule.id());
                assertThat(invocation.executionId()).isEqualTo(claim.id());
                assertThat(invocation.attempt()).isEqualTo(1);
            });
        }

        @Test
        void configs_are_rendered_from_the_trigger_data_and_earlier_results() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL, Map.of("x", "abc"));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            AutomationRule rule = activeRule(
                    webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL, "body",
                            Json.object("ticket", "{{trigger.ticket.id}}"))),
                    script(2, "echo {{actions.1.result.x}} for {{trigger.ticket.queue}}"));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            assertThat(webhooks.invocations.getFirst().config()).containsEntry("body", Map.of("ticket", "T-1"));
            assertThat(scripts.invocations.getFirst().config()).containsEntry("script_content", "echo abc for ops");
        }

        @Test
        void runners_receive_the_context_the_templates_were_rendered_against() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL, Map.of("x", "abc"));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(webhook(1), script(2, "return context;")), HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            Map<String, Object> context = scripts.invocations.getFirst().templateContext();
            assertThat(context).containsKeys("trigger", "actions", "execution", "rule");
            assertThat(context.get("trigger")).isEqualTo(HIGH_PRIORITY_TICKET);
            assertThat(context.get("actions")).asInstanceOf(InstanceOfAssertFactories.MAP).extractingByKey("1")
                    .asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("result", Map.of("x", "abc"));
        }

        @Test
        void an_actions_timeout_is_passed_to_its_runner() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, "timeout_seconds", 7), webhook(2)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::timeout)
                    .containsExactly(Duration.ofSeconds(7), DEFAULT_ACTION_TIMEOUT);
        }

        @Test
        void each_attempt_carries_an_idempotency_key_of_execution_retry_count_index_and_attempt() {
            FailingRunner webhooks = new FailingRunner(ActionType.WEBHOOK_CALL, "HTTP_503", true, 1);
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 1), script(2, "echo")),
                    HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::idempotencyKey)
                    .containsExactly(claim.id() + ":0:0:1", claim.id() + ":0:0:2");
            assertThat(scripts.invocations).extracting(ActionRunner.Invocation::idempotencyKey)
                    .containsExactly(claim.id() + ":0:1:1");
        }

        @Test
        void a_workflow_action_starts_a_child_execution() {
            AutomationRule target = activeRule(webhook(1));
            AutomationRule rule = activeRule(action("workflow_execution",
                    Json.object("rule_id", target.id().toString()), 1));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine().run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) recorded(state, 1).get("result");
            ExecutionState child = executions.stored(new ExecutionId(UUID.fromString(
                    (String) result.get("child_execution_id")))).orElseThrow();
            assertThat(child.ruleId()).isEqualTo(target.id());
            assertThat(child.parentExecutionId()).contains(claim.id());
            assertThat(child.status()).isEqualTo(ExecutionStatus.PENDING);
        }
    }

    @Nested
    class Secrets {

        private static final String TOKEN = "tok-9f8e7d-secret";

        /** Echoes the rendered config back as its result, as a peer that reflects its request would. */
        final class EchoingRunner extends RecordingRunner {
            EchoingRunner() {
                super(ActionType.WEBHOOK_CALL);
            }

            @Override
            Map<String, Object> respond(Invocation invocation) {
                return Map.of("echo", invocation.config());
            }
        }

        /** Fails with a message and a cause that both quote the rendered header, as an HTTP client might. */
        final class QuotingFailureRunner extends RecordingRunner {
            QuotingFailureRunner() {
                super(ActionType.WEBHOOK_CALL);
            }

            @Override
            Map<String, Object> respond(Invocation invocation) {
                Object header = ((Map<?, ?>) invocation.config().get("headers")).get("Authorization");
                throw new ActionFailedException("WEBHOOK_HTTP_401", "rejected " + header, false,
                        new IllegalStateException("sent " + header));
            }
        }

        private Map<String, Object> authorizedWebhook() {
            return webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL,
                    "headers", Json.object("Authorization", "Bearer {{secret.PSA_TOKEN}}")));
        }

        @Test
        void a_secret_reaches_the_runner_rendered() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(authorizedWebhook()), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).singleElement().extracting(i -> i.config().get("headers"))
                    .isEqualTo(Map.of("Authorization", "Bearer " + TOKEN));
        }

        @Test
        void a_result_that_echoes_a_secret_is_recorded_masked() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            Claim claim = claimed(activeRule(authorizedWebhook()), HIGH_PRIORITY_TICKET);

            engine(new EchoingRunner()).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(String.valueOf(state)).doesNotContain(TOKEN);
            assertThat(String.valueOf(recorded(state, 1))).contains("Bearer [REDACTED]");
        }

        @Test
        void a_failure_that_quotes_a_secret_is_recorded_masked_in_message_stack_and_logs() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            Claim claim = claimed(activeRule(authorizedWebhook()), HIGH_PRIORITY_TICKET);

            engine(new QuotingFailureRunner()).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(String.valueOf(state)).doesNotContain(TOKEN);
            assertThat(state.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("rejected Bearer [REDACTED]"));
            assertThat(state.errorStack()).hasValueSatisfying(m -> assertThat(m).contains("sent Bearer [REDACTED]"));
        }

        /**
         * A rule whose custom_script uses a secret, as one saved before saving refused it: the
         * definition is rebuilt around the action, past the check a save would make.
         */
        private AutomationRule storedBeforeTheCheck(String scriptContent) {
            AutomationRule valid = activeRule(script(1, "return 1;"));
            RuleDefinition d = valid.definition();
            ActionSpec script = new ActionSpec(ActionType.CUSTOM_SCRIPT, Json.object("script_type", "javascript",
                    "script_content", scriptContent), 1, false, Optional.empty(), 0);
            AutomationRule rule = AutomationRule.reconstitute(valid.id(), valid.tenant(), new RuleDefinition(d.name(),
                    d.description(), d.status(), d.priority(), d.triggerType(), d.triggerConfig(), d.conditions(),
                    d.conditionLogic(), List.of(script), d.maxConcurrentExecutions(), d.executionTimeoutMinutes(),
                    d.retryFailedExecutions(), d.isTemplate(), d.templateCategory(), d.tags(), d.metadata(),
                    d.notificationSettings(), d.executionRetentionDays()), valid.createdBy(), valid.createdAt(), valid.updatedAt(),
                    valid.executionCount(), valid.lastExecuted());
            rules.containing(rule);
            return rule;
        }

        @Test
        void a_stored_script_that_uses_a_secret_fails_without_running_or_seeing_it() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(storedBeforeTheCheck("return '{{secret.PSA_TOKEN}}'.split('').reverse().join('');"),
                    HIGH_PRIORITY_TICKET);

            engine(scripts).run(claim);

            assertThat(scripts.invocations).isEmpty();
            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(String.valueOf(recorded(state, 1))).contains("INVALID_ACTION_CONFIG");
            assertThat(state.errorMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("actions[0].config.script_content must not use {{secret.*}}"));
            assertThat(String.valueOf(state)).doesNotContain(TOKEN)
                    .doesNotContain(new StringBuilder(TOKEN).reverse().toString());
        }

        @Test
        void a_secret_reference_that_arrives_in_trigger_data_is_refused_at_run_time() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(script(1, "{{trigger.code}}")),
                    Map.of("code", "return '{{secret.PSA_TOKEN}}';"));

            engine(scripts).run(claim);

            assertThat(scripts.invocations).isEmpty();
            assertThat(String.valueOf(recorded(stored(claim), 1))).contains("INVALID_ACTION_CONFIG");
            assertThat(stored(claim).errorMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("actions[0].config.script_content must not use {{secret.*}}"));
        }

        @Test
        void a_script_config_is_rendered_without_the_secrets() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(script(1, "return '{{.}}';")), HIGH_PRIORITY_TICKET);

            engine(scripts).run(claim);

            assertThat(scripts.invocations).singleElement().satisfies(i -> {
                assertThat(String.valueOf(i.config())).doesNotContain(TOKEN).doesNotContain("PSA_TOKEN");
                assertThat(i.templateContext()).doesNotContainKey("secret");
            });
        }

        @Test
        void the_secret_map_as_a_whole_value_fails_as_a_missing_variable_naming_no_secret() {
            secrets = new FixedSecrets(Map.of("PSA_TOKEN", TOKEN));
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL,
                    "body", "{{secret}}"))), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).isEmpty();
            ExecutionState state = stored(claim);
            assertThat(String.valueOf(recorded(state, 1))).contains("TEMPLATE_VARIABLE_MISSING");
            assertThat(state.errorMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("Template variables not found: secret"));
            assertThat(String.valueOf(state)).doesNotContain("PSA_TOKEN").doesNotContain(TOKEN);
        }

        @Test
        void an_unknown_secret_fails_the_action_naming_the_variable_not_running_it() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(authorizedWebhook()), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).isEmpty();
            assertThat(stored(claim).errorMessage())
                    .hasValueSatisfying(m -> assertThat(m).contains("secret.PSA_TOKEN"));
        }
    }

    @Nested
    class Notifications {

        private static final String HOOK = "https://ops.example.com/ruleworks-notify";

        private AutomationRule notifyingRule(boolean onSuccess, boolean onFailure, Object... actions) {
            return storedRule(aRule().withStatus("active").withActions(actions).withNotificationSettings(Json.object(
                    "notify_on_success", onSuccess, "notify_on_failure", onFailure,
                    "notification_emails", List.of("ops@example.com", "lead@example.com"),
                    "notification_webhooks", List.of(HOOK))));
        }

        private List<ActionRunner.Invocation> notifications(RecordingRunner runner) {
            return runner.invocations.stream()
                    .filter(i -> i.index() == ExecutionNotifier.NOTIFICATION_INDEX).toList();
        }

        @Test
        @SuppressWarnings("unchecked")
        void a_completed_execution_is_reported_by_email_and_webhook_when_notify_on_success() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            AutomationRule rule = notifyingRule(true, false, webhook(1));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(notifications(emails)).singleElement().satisfies(i -> {
                assertThat(i.config().get("to")).isEqualTo(List.of("ops@example.com", "lead@example.com"));
                assertThat((String) i.config().get("subject")).endsWith(": execution completed");
                assertThat((String) i.config().get("body")).contains("execution_id: " + claim.id());
            });
            assertThat(notifications(webhooks)).singleElement().satisfies(i -> {
                assertThat(i.config().get("url")).isEqualTo(HOOK);
                Map<String, Object> body = (Map<String, Object>) i.config().get("body");
                assertThat((Map<String, Object>) body.get("execution")).containsEntry("status", "completed")
                        .containsEntry("execution_id", claim.id().toString());
                assertThat(i.idempotencyKey()).isEqualTo(claim.id() + ":0:notification:1");
            });
            assertThat(messages(stored(claim))).contains("Notification (email_notification) sent to "
                    + "ops@example.com, lead@example.com", "Notification (webhook_call) sent to " + HOOK);
        }

        @Test
        void a_rule_name_with_line_breaks_gives_a_one_line_notification_subject() {
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            AutomationRule rule = storedRule(aRule().withName("Escalate\r\nBcc: someone@example.com")
                    .withStatus("active").withActions(webhook(1)).withNotificationSettings(Json.object(
                            "notify_on_success", true, "notification_emails", List.of("ops@example.com"))));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(new RecordingRunner(ActionType.WEBHOOK_CALL), emails).run(claim);

            assertThat(notifications(emails)).singleElement().satisfies(i -> assertThat((String) i.config().get("subject"))
                    .isEqualTo("[Ruleworks] Escalate  Bcc: someone@example.com: execution completed"));
        }

        @Test
        void a_completed_execution_is_not_reported_without_notify_on_success() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            Claim claim = claimed(notifyingRule(false, true, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(notifications(webhooks)).isEmpty();
            assertThat(emails.invocations).isEmpty();
        }

        @Test
        void a_failed_execution_is_reported_with_its_error_when_notify_on_failure() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "WEBHOOK_HTTP_400", false);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            Claim claim = claimed(notifyingRule(false, true, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(notifications(emails)).singleElement()
                    .satisfies(i -> assertThat((String) i.config().get("body")).contains("error_message: Action 1"));
        }

        @Test
        void a_notification_that_fails_is_logged_and_leaves_the_execution_as_it_ended() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            FailingRunner emails = FailingRunner.always(ActionType.EMAIL_NOTIFICATION, "SMTP_DOWN", true);
            Claim claim = claimed(notifyingRule(true, true, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.logs()).anySatisfy(e -> {
                assertThat(e.level()).isEqualTo(LogLevel.WARN);
                assertThat(e.message()).startsWith("Notification (email_notification) to ops@example.com")
                        .contains("SMTP_DOWN");
            });
        }

        @Test
        void a_worker_that_lost_its_lease_saves_nothing_and_tells_nobody() {
            LeaseLosingRunner webhooks = new LeaseLosingRunner(ActionType.WEBHOOK_CALL, executions, clock);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            Claim claim = claimed(notifyingRule(true, true, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(emails.invocations).isEmpty();
        }

        @Test
        void notification_outcomes_are_appended_to_the_already_saved_final_state() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            Claim claim = claimed(notifyingRule(true, false, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(executions.calls()).containsSubsequence("update", "appendLogs");
            assertThat(messages(stored(claim)).getLast()).startsWith("Notification (webhook_call) sent to");
        }

        @Test
        void an_interrupt_once_the_final_state_is_saved_does_not_cut_the_report_short() {
            // The final save gives the lease up; the queue's lease watch may then take the worker
            // for one that lost its lease and interrupt it while it is still reporting.
            Thread worker = Thread.currentThread();
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL) {
                @Override
                Map<String, Object> respond(Invocation invocation) throws InterruptedException {
                    if (invocation.index() == ExecutionNotifier.NOTIFICATION_INDEX) {
                        worker.interrupt();
                        // still sending when the worker wakes up: it must not give the report up
                        Thread.sleep(200);
                    }
                    return super.respond(invocation);
                }
            };
            Claim claim = claimed(notifyingRule(true, false, webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);
            boolean interruptKept = Thread.interrupted();

            assertThat(messages(stored(claim))).contains("Notification (webhook_call) sent to " + HOOK);
            assertThat(interruptKept).as("the interrupt is kept for the worker's caller").isTrue();
        }

        @Test
        void an_execution_going_back_to_pending_for_an_automatic_retry_is_not_reported_yet() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "WEBHOOK_HTTP_500", false);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            AutomationRule rule = storedRule(aRule().withStatus("active").withActions(webhook(1))
                    .withRetryFailedExecutions(true).withNotificationSettings(Json.object(
                            "notification_emails", List.of("ops@example.com"))));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(webhooks, emails).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(emails.invocations).isEmpty();
        }
    }

    @Nested
    class Conditions {

        private AutomationRule forHighPriority() {
            return storedRule(aRule().withStatus("active")
                    .withConditions(condition("ticket.priority", "equals", "high"))
                    .withActions(webhook(1)));
        }

        @Test
        void an_execution_whose_conditions_do_not_hold_is_skipped_without_running_anything() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(forHighPriority(), Json.object("ticket", Json.object("priority", "low")));

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).isEmpty();
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.SKIPPED);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.skipped");
        }

        @Test
        void the_condition_trace_is_logged() {
            Claim claim = claimed(forHighPriority(), Json.object("ticket", Json.object("priority", "low")));

            engine(new RecordingRunner(ActionType.WEBHOOK_CALL)).run(claim);

            assertThat(stored(claim).logs()).filteredOn(e -> e.level() == LogLevel.DEBUG).singleElement()
                    .satisfies(e -> assertThat(e.metadata()).containsEntry("field", "ticket.priority")
                            .containsEntry("actual", "low").containsEntry("result", false));
        }

        @Test
        void an_execution_whose_conditions_hold_runs() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(forHighPriority(), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).hasSize(1);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.COMPLETED);
        }

        @Test
        void override_conditions_runs_the_actions_anyway_and_logs_it() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(AutomationExecutions.anExecutionOf(forHighPriority())
                    .withTriggerData(Json.object("ticket", Json.object("priority", "low")))
                    .withContext("override_conditions", true));

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.logs()).anySatisfy(e -> {
                assertThat(e.level()).isEqualTo(LogLevel.WARN);
                assertThat(e.message()).contains("override_conditions=true");
            });
            assertThat(state.logs()).noneMatch(e -> e.level() == LogLevel.DEBUG);
        }
    }

    @Nested
    class Failures {

        @Test
        void a_non_retryable_failure_stops_the_run_and_fails_the_execution() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_400", false);
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 3), script(2, "echo")),
                    HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(scripts.invocations).isEmpty();
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorMessage()).contains("Action 1 (webhook_call) failed: attempt 1 went wrong");
            assertThat(state.errorStack()).hasValueSatisfying(s -> assertThat(s).startsWith("HTTP_400: "));
            assertThat(state.failedActionIndex()).contains(0);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.failed");
        }

        @Test
        void a_retryable_failure_is_tried_retry_attempts_more_times_then_fails() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_503", true);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 2)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::attempt).containsExactly(1, 2, 3);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).hasValueSatisfying(s -> assertThat(s).startsWith("HTTP_503: "));
            assertThat(recorded(state, 1)).containsEntry("attempts", 3);
        }

        @Test
        void a_webhooks_config_retry_attempts_are_honoured() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_503", true);
            Claim claim = claimed(activeRule(webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL,
                    "retry_attempts", 2))), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::attempt).containsExactly(1, 2, 3);
        }

        @Test
        void a_webhooks_config_timeout_seconds_is_the_attempts_timeout() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL,
                    "timeout_seconds", 120))), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).extracting(ActionRunner.Invocation::timeout)
                    .containsExactly(Duration.ofSeconds(120));
        }

        @Test
        void each_retry_of_an_action_is_logged_with_its_backoff() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_503", true);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 2)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(messages(stored(claim))).filteredOn(m -> m.contains("retrying in")).containsExactly(
                    "Action 1 attempt 1 failed (attempt 1 went wrong); retrying in 1 ms",
                    "Action 1 attempt 2 failed (attempt 2 went wrong); retrying in 2 ms");
        }

        @Test
        void an_action_that_recovers_on_a_retry_succeeds() {
            FailingRunner webhooks = new FailingRunner(ActionType.WEBHOOK_CALL, "HTTP_503", true, 1);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 2)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(recorded(state, 1)).containsEntry("attempts", 2)
                    .containsEntry("result", Map.of("recovered", true));
        }

        @Test
        void continue_on_error_carries_on_and_the_execution_completes() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_400", false);
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(webhook(1, "continue_on_error", true), script(2, "echo")),
                    HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            ExecutionState state = stored(claim);
            assertThat(scripts.invocations).hasSize(1);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.actionsFailed()).isEqualTo(1);
            assertThat(state.actionsSuccessful()).isEqualTo(1);
            assertThat(state.failedActionIndex()).contains(0);
        }

        @Test
        void an_action_type_without_a_runner_fails_as_unavailable() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(action("sms_notification",
                    Json.object("phone_numbers", Json.array("+14155550100"), "message", "hi"), 1)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).hasValueSatisfying(s ->
                    assertThat(s).startsWith(ActionRunners.TYPE_UNAVAILABLE + ": "));
            assertThat(webhooks.invocations).isEmpty();
        }

        @Test
        void an_action_of_a_type_disabled_after_the_rule_was_saved_fails_without_running() {
            RecordingRunner commands = new RecordingRunner(ActionType.SYSTEM_COMMAND);
            Claim claim = claimed(activeRule(action("system_command", Json.object("command", "/bin/echo"), 1)),
                    HIGH_PRIORITY_TICKET);
            capabilities = Capabilities.disabling(ActionType.SYSTEM_COMMAND);

            engine(commands).run(claim);

            ExecutionState state = stored(claim);
            assertThat(commands.invocations).isEmpty();
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).hasValueSatisfying(s ->
                    assertThat(s).startsWith("ACTION_TYPE_DISABLED: Action type system_command is disabled"));
            assertThat(recorded(state, 1)).containsEntry("status", "failed");
        }

        @Test
        void a_rendered_table_outside_the_allowlist_fails_the_action_without_running_it() {
            RecordingRunner database = new RecordingRunner(ActionType.DATABASE_UPDATE);
            Claim claim = claimed(activeRule(action("database_update", Json.object("table", "{{trigger.ticket.queue}}",
                    "operation", "update", "data", Json.object("status", "x"), "conditions", Json.object("id", 1)), 1)),
                    HIGH_PRIORITY_TICKET);

            engine(database).run(claim);

            assertThat(database.invocations).isEmpty();
            assertThat(stored(claim).errorStack()).hasValueSatisfying(s ->
                    assertThat(s).startsWith("INVALID_ACTION_CONFIG: ").contains("actions[0].config.table is not allowed"));
        }

        @Test
        void a_missing_template_variable_fails_the_action_without_running_it() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, Json.object("url", RuleDrafts.WEBHOOK_URL,
                    "body", "owner: {{trigger.ticket.owner}}"))), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).isEmpty();
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).hasValueSatisfying(s ->
                    assertThat(s).startsWith("TEMPLATE_VARIABLE_MISSING: ").contains("trigger.ticket.owner"));
        }

        @Test
        void a_config_that_is_invalid_once_rendered_fails_the_action_without_running_it() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, Json.object("url", "{{trigger.ticket.queue}}"))),
                    HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).isEmpty();
            assertThat(stored(claim).errorStack()).hasValueSatisfying(s ->
                    assertThat(s).startsWith("INVALID_ACTION_CONFIG: ").contains("actions[0].config.url"));
        }

        @Test
        void an_action_that_outlasts_its_timeout_is_interrupted_and_fails() throws InterruptedException {
            BlockingRunner webhooks = new BlockingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, "timeout_seconds", 1)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).hasValueSatisfying(s -> assertThat(s).startsWith("ACTION_TIMEOUT: "));
            assertThat(webhooks.interrupted.await(5, TimeUnit.SECONDS))
                    .as("the blocked runner was interrupted").isTrue();
        }

        @Test
        void an_unexpected_exception_fails_the_action_at_once_with_its_cause() {
            ThrowingRunner webhooks = new ThrowingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(activeRule(webhook(1, "retry_attempts", 2)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.errorStack()).contains(
                    "ACTION_ERROR: disk on fire\ncaused by IllegalStateException: disk on fire");
        }

        @Test
        void an_execution_whose_rule_was_deleted_fails() {
            Claim claim = claimed(AutomationExecutions.anExecution().forTenant(tenant));

            engine(new RecordingRunner(ActionType.WEBHOOK_CALL)).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(stored(claim).errorMessage()).contains("The rule no longer exists");
        }
    }

    @Nested
    class ExecutionTimeout {

        @Test
        void an_execution_past_its_timeout_ends_as_timeout_before_the_next_action() {
            SlowRunner webhooks = new SlowRunner(ActionType.WEBHOOK_CALL, clock, Duration.ofMinutes(2));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(storedRule(aRule().withStatus("active").withExecutionTimeoutMinutes(1)
                    .withActions(webhook(1), script(2, "echo"))), HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            ExecutionState state = stored(claim);
            assertThat(scripts.invocations).isEmpty();
            assertThat(state.status()).isEqualTo(ExecutionStatus.TIMEOUT);
            assertThat(state.errorMessage()).contains("Execution exceeded its timeout of 1 minute(s)");
            assertThat(state.actionsSuccessful()).isEqualTo(1);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.timeout");
        }

        @Test
        void a_retry_that_would_start_after_the_timeout_ends_the_execution_as_timeout() {
            SlowFailingRunner webhooks = new SlowFailingRunner(ActionType.WEBHOOK_CALL, clock, Duration.ofMinutes(2));
            Claim claim = claimed(storedRule(aRule().withStatus("active").withExecutionTimeoutMinutes(1)
                    .withActions(webhook(1, "retry_attempts", 3))), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(webhooks.invocations).hasSize(1);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.TIMEOUT);
            assertThat(executions.eventTypes()).last().isEqualTo("automation.execution.timeout");
        }

        @Test
        void a_rerun_after_a_lost_lease_past_the_timeout_from_the_first_start_times_out_without_running() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            Claim claim = claimed(storedRule(aRule().withStatus("active").withExecutionTimeoutMinutes(1)
                    .withActions(webhook(1))), HIGH_PRIORITY_TICKET);
            // the first run's worker lost its lease; the execution is taken again two minutes later
            clock.advance(Duration.ofMinutes(2));
            executions.rescueAndLeaseTo(claim.id(), WORKER, clock.instant());

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).isEmpty();
            assertThat(state.attempt()).isEqualTo(2);
            assertThat(state.status()).isEqualTo(ExecutionStatus.TIMEOUT);
            assertThat(state.errorMessage()).contains("Execution exceeded its timeout of 1 minute(s)");
            assertThat(state.durationMs()).contains(120_000L);
            assertThat(executions.eventTypes()).last().isEqualTo("automation.execution.timeout");
        }

        @Test
        void a_rerun_after_a_lost_lease_has_only_what_is_left_of_the_timeout() {
            SlowRunner webhooks = new SlowRunner(ActionType.WEBHOOK_CALL, clock, Duration.ofSeconds(40));
            Claim claim = claimed(storedRule(aRule().withStatus("active").withExecutionTimeoutMinutes(1)
                    .withActions(webhook(1), webhook(2))), HIGH_PRIORITY_TICKET);
            clock.advance(Duration.ofSeconds(30));
            executions.rescueAndLeaseTo(claim.id(), WORKER, clock.instant());

            engine(webhooks).run(claim);

            // 30 s before this run and 40 s for the first action: the second is not started
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.TIMEOUT);
        }

        @Test
        void an_execution_within_its_timeout_completes() {
            SlowRunner webhooks = new SlowRunner(ActionType.WEBHOOK_CALL, clock, Duration.ofSeconds(50));
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(storedRule(aRule().withStatus("active").withExecutionTimeoutMinutes(1)
                    .withActions(webhook(1), script(2, "echo"))), HIGH_PRIORITY_TICKET);

            engine(webhooks, scripts).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(stored(claim).durationMs()).contains(50_000L);
        }
    }

    @Nested
    class AutomaticRetries {

        private AutomationRule retryingRule() {
            return storedRule(aRule().withStatus("active").withRetryFailedExecutions(true).withActions(webhook(1)));
        }

        @Test
        void a_failed_execution_of_a_retrying_rule_goes_back_to_pending_later() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_400", false);
            Claim claim = claimed(retryingRule(), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.PENDING);
            assertThat(state.availableAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(state.retryCount()).isEqualTo(1);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.failed", "automation.execution.retried");
            assertThat(messages(state)).contains("retry_failed_executions: automatic retry in 60000 ms");
        }

        @Test
        void automatic_retries_stop_at_the_engines_limit() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_400", false);
            Claim claim = claimed(retryingRule(), HIGH_PRIORITY_TICKET);
            ExecutionRunner engine = engine(webhooks);

            engine.run(claim);
            for (int retry = 1; retry <= MAX_AUTO_RETRIES; retry++) {
                executions.leaseTo(claim.id(), WORKER, clock.instant());
                engine.run(claim);
            }

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).hasSize(1 + MAX_AUTO_RETRIES);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.retryCount()).isEqualTo(MAX_AUTO_RETRIES);
            assertThat(executions.eventTypes()).filteredOn("automation.execution.retried"::equals)
                    .hasSize(MAX_AUTO_RETRIES);
        }

        @Test
        void a_failed_execution_of_a_rule_without_retries_stays_failed() {
            FailingRunner webhooks = FailingRunner.always(ActionType.WEBHOOK_CALL, "HTTP_400", false);
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);

            engine(webhooks).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(stored(claim).retryCount()).isZero();
        }
    }

    @Nested
    class Leases {

        @Test
        void a_worker_that_lost_its_lease_writes_nothing_more_and_stops() {
            LeaseLosingRunner webhooks = new LeaseLosingRunner(ActionType.WEBHOOK_CALL, executions, clock);
            RecordingRunner scripts = new RecordingRunner(ActionType.CUSTOM_SCRIPT);
            Claim claim = claimed(activeRule(webhook(1), script(2, "echo")), HIGH_PRIORITY_TICKET);
            ExecutionState beforeRun = stored(claim);

            engine(webhooks, scripts).run(claim);

            assertThat(stored(claim)).isEqualTo(beforeRun);
            assertThat(scripts.invocations).isEmpty();
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created");
        }

        @Test
        void a_worker_that_lost_its_lease_during_the_last_action_does_not_complete_the_execution() {
            LeaseLosingRunner webhooks = new LeaseLosingRunner(ActionType.WEBHOOK_CALL, executions, clock);
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);
            ExecutionState beforeRun = stored(claim);

            engine(webhooks).run(claim);

            assertThat(stored(claim)).isEqualTo(beforeRun);
            assertThat(executions.eventTypes()).doesNotContain("automation.execution.completed");
        }

        @Test
        void progress_is_written_after_each_action_while_the_lease_is_held() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            StoreProbe probe = new StoreProbe();
            Claim claim = claimed(activeRule(webhook(1), script(2, "echo")), HIGH_PRIORITY_TICKET);

            engine(webhooks, probe).run(claim);

            assertThat(probe.seen).singleElement().satisfies(s -> {
                assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
                assertThat(s.actionsSuccessful()).isEqualTo(1);
            });
        }

        @Test
        void an_execution_that_is_no_longer_running_is_left_alone() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            AutomationExecution pending = AutomationExecutions.anExecutionOf(activeRule(webhook(1))).pending(clock);
            executions.insertUnlessDuplicate(pending, true);
            ExecutionState before = executions.stored(pending.id()).orElseThrow();

            engine(webhooks).run(new Claim(tenant, pending.id(), WORKER));

            assertThat(webhooks.invocations).isEmpty();
            assertThat(executions.stored(pending.id())).contains(before);
        }

        /** A custom_script runner that looks at what is stored when it runs. */
        final class StoreProbe extends RecordingRunner {
            final List<ExecutionState> seen = new CopyOnWriteArrayList<>();

            StoreProbe() {
                super(ActionType.CUSTOM_SCRIPT);
            }

            @Override
            Map<String, Object> respond(Invocation invocation) {
                seen.add(executions.stored(invocation.executionId()).orElseThrow());
                return Map.of();
            }
        }
    }

    @Nested
    class Resuming {

        @Test
        void a_retry_from_the_failed_action_skips_the_actions_before_it() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            FailingRunner scripts = new FailingRunner(ActionType.CUSTOM_SCRIPT, "EXIT_1", false, 1);
            Claim claim = claimed(activeRule(webhook(1), script(2, "echo")), HIGH_PRIORITY_TICKET);
            ExecutionRunner engine = engine(webhooks, scripts);
            engine.run(claim);
            retryFromFailedAction(claim);
            executions.leaseTo(claim.id(), WORKER, clock.instant());

            engine.run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(scripts.invocations).extracting(ActionRunner.Invocation::index).containsExactly(1, 1);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.actionsSuccessful()).isEqualTo(2);
            assertThat(recorded(state, 1)).containsEntry("status", "completed");
        }

        @Test
        void a_resumed_action_can_use_the_kept_results_of_earlier_actions() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL, Map.of("x", "kept"));
            FailingRunner scripts = new FailingRunner(ActionType.CUSTOM_SCRIPT, "EXIT_1", false, 1);
            Claim claim = claimed(activeRule(webhook(1), script(2, "echo {{actions.1.result.x}}")),
                    HIGH_PRIORITY_TICKET);
            ExecutionRunner engine = engine(webhooks, scripts);
            engine.run(claim);
            retryFromFailedAction(claim);
            executions.leaseTo(claim.id(), WORKER, clock.instant());

            engine.run(claim);

            assertThat(scripts.invocations.getLast().config()).containsEntry("script_content", "echo kept");
        }

        private void retryFromFailedAction(Claim claim) {
            AutomationExecution failed = executions.findById(claim.tenant(), claim.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            failed.retry(RetryFrom.FAILED_ACTION, clock.instant(), clock.instant());
            executions.update(failed, Optional.empty());
        }
    }

    @Nested
    class SavingThroughTrouble {

        @Test
        void a_save_the_database_cannot_take_is_retried_with_its_events_and_the_action_is_not_run_again() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(3, state -> false);
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);

            engine(settings, progress, webhooks).run(claim);

            assertThat(webhooks.invocations).hasSize(1);
            assertThat(progress.attempts).hasValue(4);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.completed");
        }

        @Test
        void the_lease_watch_interrupting_the_save_retries_stops_the_worker_without_a_write() throws Exception {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(Integer.MAX_VALUE, state -> false);
            Claim claim = claimed(activeRule(webhook(1), webhook(2)), HIGH_PRIORITY_TICKET);
            ExecutionRunner engine = engine(settings, progress, webhooks);

            // the lease is taken during the outage: the queue's lease watch interrupts the worker
            Thread worker = Thread.ofVirtual().start(() -> engine.run(claim));
            for (int waited = 0; progress.attempts.get() < 2 && waited < 100; waited++) {
                Thread.sleep(50);
            }
            assertThat(progress.attempts.get()).isGreaterThanOrEqualTo(2);
            worker.interrupt();
            worker.join(Duration.ofSeconds(5));

            assertThat(worker.isAlive()).isFalse();
            int attemptsAtStop = progress.attempts.get();
            Thread.sleep(300);
            assertThat(progress.attempts).hasValue(attemptsAtStop);
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(stored(claim).actionsSuccessful()).isZero();
        }

        @Test
        void a_worker_gives_its_save_up_once_the_retry_window_has_passed() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(Integer.MAX_VALUE, state -> false);
            EngineSettings noWindow = new EngineSettings(5, MAX_AUTO_RETRIES, DEFAULT_ACTION_TIMEOUT, Duration.ZERO);
            Claim claim = claimed(activeRule(webhook(1), webhook(2)), HIGH_PRIORITY_TICKET);

            engine(noWindow, progress, webhooks).run(claim);

            // nothing written: the lease will expire and the rescue decide
            assertThat(webhooks.invocations).hasSize(1);
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.RUNNING);
        }

        @Test
        void a_state_the_database_refuses_ends_the_execution_as_not_storable_from_the_last_stored_state() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(0, state -> state.actionsSuccessful() == 2);
            Claim claim = claimed(activeRule(webhook(1), webhook(2), webhook(3)), HIGH_PRIORITY_TICKET);

            engine(settings, progress, webhooks).run(claim);

            ExecutionState state = stored(claim);
            assertThat(webhooks.orders()).containsExactly(1, 2);
            assertThat(state.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(state.actionsSuccessful()).isEqualTo(1);
            assertThat(state.errorStack()).hasValue(ExecutionRunner.RESULT_NOT_STORABLE
                    + ": ERROR: unsupported Unicode escape sequence");
            assertThat(state.errorMessage()).hasValue(
                    "The execution's state could not be stored: ERROR: unsupported Unicode escape sequence");
            assertThat(executions.eventTypes()).containsExactly("automation.execution.created",
                    "automation.execution.failed");
        }

        @Test
        void transient_statement_errors_are_retried_and_keep_the_result() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(0, state -> false);
            progress.transientFor.set(3);
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);

            engine(settings, progress, webhooks).run(claim);

            assertThat(webhooks.invocations).hasSize(1);
            assertThat(progress.attempts).hasValue(4);
            ExecutionState state = stored(claim);
            assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(state.actionsSuccessful()).isEqualTo(1);
        }

        @Test
        void a_final_save_whose_reply_was_lost_counts_as_saved_and_is_notified() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            RecordingRunner emails = new RecordingRunner(ActionType.EMAIL_NOTIFICATION);
            TroubledProgress progress = new TroubledProgress(0, state -> false);
            progress.replyLostFor.set(1);
            AutomationRule rule = storedRule(aRule().withStatus("active").withActions(webhook(1))
                    .withNotificationSettings(Json.object("notify_on_success", true, "notify_on_failure", false,
                            "notification_emails", List.of("ops@example.com"), "notification_webhooks", List.of())));
            Claim claim = claimed(rule, HIGH_PRIORITY_TICKET);

            engine(settings, progress, webhooks, emails).run(claim);

            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(progress.attempts).hasValue(2);
            assertThat(emails.invocations).hasSize(1);
        }

        @Test
        void a_failure_that_cannot_be_stored_either_leaves_the_execution_to_its_lease() {
            RecordingRunner webhooks = new RecordingRunner(ActionType.WEBHOOK_CALL);
            TroubledProgress progress = new TroubledProgress(0, state -> true);
            Claim claim = claimed(activeRule(webhook(1)), HIGH_PRIORITY_TICKET);

            engine(settings, progress, webhooks).run(claim);

            // the rescue counts the lost lease; the poison guard ends it after max-lease-losses
            assertThat(stored(claim).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(progress.attempts).hasValue(2);
        }
    }
}
