package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.ruleworks.bootstrap.settings.EngineProperties;
import io.micronaut.context.annotation.Value;
import io.ruleworks.adapter.out.persistence.execution.GzipJsonLinesArchive;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.SecretStore;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.event.EventPublisher;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.execution.ExecutionArchive;
import io.ruleworks.application.port.out.execution.ExecutionHistory;
import io.ruleworks.application.port.out.execution.ExecutionTableMaintenance;
import io.ruleworks.application.port.out.queue.ExecutionIntake;
import io.ruleworks.application.port.out.queue.ExecutionProgress;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.port.out.trigger.ConditionPollStore;
import io.ruleworks.application.port.out.trigger.ScheduleStore;
import io.ruleworks.application.service.execution.ActionAttempts;
import io.ruleworks.application.service.execution.ActionConfigRenderer;
import io.ruleworks.application.service.execution.ActionRunners;
import io.ruleworks.application.service.execution.DryRunner;
import io.ruleworks.application.service.execution.EngineSettings;
import io.ruleworks.application.service.execution.ExecutionNotifier;
import io.ruleworks.application.service.execution.ExecutionRetention;
import io.ruleworks.application.service.execution.ExecutionTableUpkeep;
import io.ruleworks.application.service.execution.ExecutionRunner;
import io.ruleworks.application.service.execution.ExecutionService;
import io.ruleworks.application.service.execution.RuleCache;
import io.ruleworks.application.service.execution.WorkflowExecutionRunner;
import io.ruleworks.application.service.execution.WorkflowLauncher;
import io.ruleworks.application.service.trigger.ConditionPollingService;
import io.ruleworks.application.service.trigger.EventRetention;
import io.ruleworks.application.service.trigger.EventService;
import io.ruleworks.application.service.trigger.OutboxRelay;
import io.ruleworks.application.service.trigger.ScheduleService;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.RetentionPolicy;
import io.ruleworks.domain.execution.RetryPolicy;
import io.ruleworks.domain.execution.TemplateRenderer;
import io.ruleworks.domain.rule.ActionCapabilities;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Wires the execution engine: execution use cases, the worker-side runner and its domain services. */
@Factory
public class EngineFactory {

    @Singleton
    EngineSettings engineSettings(EngineProperties engine) {
        return new EngineSettings(engine.maxChainDepth(), engine.maxAutoRetries(), engine.defaultActionTimeout(),
                engine.saveRetryWindow());
    }

    @Singleton
    ConditionEvaluator conditionEvaluator() {
        return new ConditionEvaluator();
    }

    @Singleton
    TemplateRenderer templateRenderer() {
        return new TemplateRenderer();
    }

    @Singleton
    @Named("action")
    RetryPolicy actionRetryPolicy(EngineProperties engine) {
        return new RetryPolicy(engine.actionRetryBase(), engine.actionRetryCap(), RandomGenerator.getDefault());
    }

    @Singleton
    @Named("execution")
    RetryPolicy executionRetryPolicy(EngineProperties engine) {
        return new RetryPolicy(engine.executionRetryBase(), engine.executionRetryCap(), RandomGenerator.getDefault());
    }

    @Singleton
    DryRunner dryRunner(ConditionEvaluator evaluator, TemplateRenderer renderer, SecretStore secrets) {
        return new DryRunner(evaluator, renderer, secrets);
    }

    @Singleton
    WorkflowLauncher workflowLauncher(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                                      ExecutionQueue queue, Transactions transactions, EngineSettings settings,
                                      EngineProperties engine, Clock clock) {
        return new WorkflowLauncher(rules, executions, queue, transactions, settings, engine.maxWaitingWorkflows(),
                clock);
    }

    /** One rule cache for the execute requests and the workers: a changed rule is read once. */
    @Singleton
    RuleCache ruleCache(AutomationRuleRepository rules) {
        return new RuleCache(rules, RuleCache.DEFAULT_CAPACITY);
    }

    @Singleton
    ExecutionService executionService(RuleCache rules, AutomationExecutionRepository executions,
                                      ExecutionIntake intake, DryRunner dryRunner, ExecutionQueue queue,
                                      Transactions transactions, Clock clock) {
        return new ExecutionService(rules, executions, intake, dryRunner, queue, transactions, clock);
    }

    /** Every action runner of the deployment by type: the engine's and the notifications' one registry. */
    @Singleton
    ActionRunners actionRunners(List<ActionRunner> runners) {
        return new ActionRunners(runners);
    }

    @Singleton
    WorkflowExecutionRunner workflowExecutionRunner(WorkflowLauncher launcher,
                                                    AutomationExecutionRepository executions, SecretStore secrets) {
        return new WorkflowExecutionRunner(launcher, executions, secrets);
    }

    @Singleton
    ExecutionRunner executionRunner(RuleCache rules, AutomationExecutionRepository executions, ActionRunners runners,
                                    ActionCapabilities capabilities, ConditionEvaluator evaluator,
                                    TemplateRenderer renderer, @Named("action") RetryPolicy actionRetries,
                                    @Named("execution") RetryPolicy executionRetries, EngineSettings settings,
                                    ExecutionProgress progress, SecretStore secrets, ExecutionNotifier notifier,
                                    Clock clock) {
        return new ExecutionRunner(rules, executions, runners, new ActionConfigRenderer(capabilities, renderer),
                new ActionAttempts(actionRetries, settings.defaultActionTimeout(), clock), evaluator,
                executionRetries, settings, progress, secrets, notifier, clock);
    }

    @Singleton
    ScheduleService scheduleService(ScheduleStore schedules, AutomationRuleRepository rules,
                                    AutomationExecutionRepository executions, ExecutionQueue queue,
                                    Transactions transactions,
                                    @Value("${ruleworks.schedules.misfire-threshold:60s}") Duration misfireThreshold,
                                    Clock clock) {
        return new ScheduleService(schedules, rules, executions, queue, transactions, misfireThreshold, clock);
    }

    /**
     * Condition polling. {@code ruleworks.condition-polling.minute} is the length of one
     * check_interval_minutes unit: one minute in production; tests shorten it to run checks
     * seconds apart.
     */
    @Singleton
    ConditionPollingService conditionPollingService(ConditionPollStore store, AutomationRuleRepository rules,
            AutomationExecutionRepository executions, ExecutionQueue queue, Transactions transactions, PsaGateway psa,
            Optional<TargetDatabase> targetDatabase, ConditionEvaluator evaluator,
            @Value("${ruleworks.condition-polling.minute:1m}") Duration minute,
            @Value("${ruleworks.condition-polling.fetch-timeout:30s}") Duration fetchTimeout,
            @Value("${ruleworks.condition-polling.lease:2m}") Duration lease,
            @Value("${ruleworks.condition-polling.max-items:1000}") int maxItems,
            @Value("${ruleworks.condition-polling.max-checks-per-tick:50}") int maxChecksPerTick,
            Clock clock) {
        return new ConditionPollingService(store, rules, executions, queue, transactions, psa, targetDatabase, evaluator,
                new ConditionPollingService.Settings(minute, fetchTimeout, lease, maxItems, maxChecksPerTick), clock);
    }

    @Singleton
    ExecutionNotifier executionNotifier(ActionRunners runners,
                                        @Value("${ruleworks.notifications.timeout:15s}") Duration timeout,
                                        Clock clock) {
        return new ExecutionNotifier(runners, timeout, clock);
    }

    @Singleton
    EventRetention eventRetention(EventStore store, Transactions transactions,
                                  @Value("${ruleworks.events.retention:7d}") Duration retention, Clock clock) {
        return new EventRetention(store, transactions, retention, clock);
    }

    @Singleton
    ExecutionRetention executionRetention(
            ExecutionHistory history, Transactions transactions,
            @Value("${ruleworks.executions.retention:30d}") Duration retention,
            @Value("${ruleworks.executions.retention-failed:90d}") Duration failedRetention,
            @Value("${ruleworks.executions.max-per-rule:0}") int maxPerRule,
            @Value("${ruleworks.executions.purge-batch-size:1000}") int batchSize,
            @Value("${ruleworks.executions.purge-max-per-run:100000}") int maxPerRun,
            @Value("${ruleworks.executions.export-dir:}") String exportDir,
            Clock clock) {
        RetentionPolicy policy = new RetentionPolicy(retention, failedRetention,
                maxPerRule == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxPerRule));
        Optional<ExecutionArchive> archive = exportDir.isBlank() ? Optional.empty()
                : Optional.of(new GzipJsonLinesArchive(Path.of(exportDir)));
        return new ExecutionRetention(history, transactions, policy, batchSize, maxPerRun, archive, clock);
    }

    @Singleton
    ExecutionTableUpkeep executionTableUpkeep(ExecutionTableMaintenance table) {
        return new ExecutionTableUpkeep(table);
    }

    @Singleton
    EventService eventService(EventStore store, AutomationRuleRepository rules,
                              AutomationExecutionRepository executions, ExecutionQueue queue,
                              Transactions transactions, ConditionEvaluator evaluator, EngineSettings settings,
                              Clock clock) {
        return new EventService(store, rules, executions, queue, transactions, evaluator, settings, clock);
    }

    @Singleton
    OutboxRelay outboxRelay(Outbox outbox, EventPublisher publisher, EventService events,
                            @Value("${ruleworks.events.execution-events-trigger-rules:true}") boolean triggerRules,
                            Transactions transactions) {
        return new OutboxRelay(outbox, publisher, triggerRules ? Optional.of(events) : Optional.empty(), transactions);
    }
}
